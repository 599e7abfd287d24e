package dev.tandem.nurture;

import java.time.Instant;
import java.util.UUID;

public record CampaignView(UUID id, String name, CampaignState state, String stateReason,
                           CampaignDefinition definition, long version, Instant createdAt, Instant updatedAt) {
}
