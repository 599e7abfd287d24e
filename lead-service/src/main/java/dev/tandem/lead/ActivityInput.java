package dev.tandem.lead;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One activity as a tracker or an API client reports it; one of leadId, email or anonymousId names the visitor.
 * {@code id}, when the client gives one, is the event id it is published under: a resent activity is the same event.
 */
@Schema(description = "An activity", example = """
        {"id": "0b7c5e9e-2f4a-4c1d-9a51-6a0f3e2b7d10", "email": "hanako.yamada@example.co.jp", "type": "page_view", "occurredAt": "2026-04-01T09:31:00Z",
         "properties": {"url": "https://example.com/pricing", "title": "料金プラン"}, "source": "web"}""")
public record ActivityInput(
        UUID id,
        @Size(max = 64) String leadId,
        @Size(max = 254) String email,
        @Size(max = 128) String anonymousId,
        @NotBlank @Size(max = 72) String type,
        Instant occurredAt,
        @Size(max = ActivityInput.MAX_PROPERTIES) Map<String, Object> properties,
        @Size(max = 100) String source) {

    public static final int MAX_PROPERTIES = 50;
    public static final int MAX_PROPERTY_TEXT = 2000;
    public static final int MAX_BATCH = 1000;
}
