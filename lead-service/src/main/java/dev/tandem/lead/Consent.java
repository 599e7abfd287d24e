package dev.tandem.lead;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The lead's consent to be emailed: given or withdrawn, when, and where it was collected. */
@Schema(description = "Email consent", example = "{\"email\": true, \"at\": \"2026-04-01T09:30:00Z\", \"source\": \"webinar-form\"}")
public record Consent(Boolean email, Instant at, @jakarta.validation.constraints.Size(max = 200) String source) {
}
