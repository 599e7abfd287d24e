package dev.tandem.lead;

import dev.tandem.events.LifecycleStage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** A lead as lead-service shows it: profile, consent, and the fields only the service writes (stage, score, owner). */
@Schema(description = "A lead")
public record Lead(
        String id,
        String email,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String phone,
        String country,
        String timezone,
        String locale,
        Integer companySize,
        String industry,
        String source,
        String campaign,
        Map<String, Object> attributes,
        Consent consent,
        LifecycleStage stage,
        Double score,
        String ownerId,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActivityAt,
        long version) {
}
