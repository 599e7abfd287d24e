package dev.tandem.lead;

import dev.tandem.platform.http.ReadOnlyFields;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;
import java.util.Set;

/**
 * The fields a client may write on a lead (POST body, or the result of a merge patch). Everything else
 * ({@link #READ_ONLY}) is derived by the service and refused with a 400 naming the field.
 */
@Schema(description = "Writable lead fields", example = """
        {"email": "hanako.yamada@example.co.jp", "firstName": "花子", "lastName": "山田", "company": "株式会社サンプル",
         "jobTitle": "マーケティング部長", "country": "JP", "timezone": "Asia/Tokyo", "locale": "ja-JP", "companySize": 250,
         "industry": "manufacturing", "source": "webinar", "campaign": "spring-2026",
         "attributes": {"plan": "trial", "seats": 12, "newsletter": true},
         "consent": {"email": true, "at": "2026-04-01T09:30:00Z", "source": "webinar-form"}}""")
@ReadOnlyFields({"id", "stage", "score", "ownerId", "createdAt", "updatedAt", "lastActivityAt", "version", "history"})
public record LeadInput(
        @NotBlank @Email @Size(max = 254) String email,
        @Size(max = 200) String firstName,
        @Size(max = 200) String lastName,
        @Size(max = 300) String company,
        @Size(max = 200) String jobTitle,
        @Size(max = 50) @Pattern(regexp = "[+0-9 ()./-]*", message = "must be a phone number") String phone,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        @Size(max = 64) String timezone,
        @Size(max = 35) @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP 47 language tag") String locale,
        @PositiveOrZero Integer companySize,
        @Size(max = 200) String industry,
        @Size(max = 200) String source,
        @Size(max = 200) String campaign,
        @Size(max = LeadInput.MAX_ATTRIBUTES) Map<String, Object> attributes,
        @Valid Consent consent) {

    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ATTRIBUTE_KEY = 64;
    public static final int MAX_ATTRIBUTE_TEXT = 1000;

    /** Fields clients may read but never write. */
    public static final Set<String> READ_ONLY = Set.of(LeadInput.class.getAnnotation(ReadOnlyFields.class).value());

    /** The writable field names, in the order the API documents them. */
    public static final Set<String> WRITABLE = Set.of("email", "firstName", "lastName", "company", "jobTitle", "phone",
            "country", "timezone", "locale", "companySize", "industry", "source", "campaign", "attributes", "consent");
}
