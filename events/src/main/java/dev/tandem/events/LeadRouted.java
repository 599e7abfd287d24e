package dev.tandem.events;

import java.time.Instant;
import java.util.UUID;

/**
 * feedback-service picked the sales rep who owns the lead from now on (routing of a new MQL, or a rep claiming it
 * from the team's pool); lead-service sets the owner and announces it with LeadOwnerAssigned.
 *
 * @param teamId the team whose rules or pool routed it; null when no team was involved
 * @param rule   how the owner was chosen: {@code territory}, {@code round_robin} or {@code claim}
 * @param by     who decided: the claiming rep's subject, or {@code feedback-service} for automatic routing
 */
public record LeadRouted(
        UUID eventId,
        Instant occurredAt,
        String leadId,
        int schemaVersion,
        String ownerId,
        String teamId,
        String rule,
        String by) implements FeedbackEvent {

    public LeadRouted {
        Require.envelope(eventId, occurredAt, leadId, schemaVersion);
        Require.present(ownerId, "ownerId");
        Require.present(rule, "rule");
        Require.present(by, "by");
    }
}
