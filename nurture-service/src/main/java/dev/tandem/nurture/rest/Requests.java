package dev.tandem.nurture.rest;

import dev.tandem.nurture.CampaignState;

import java.util.UUID;

/** Small request bodies of the API. */
public final class Requests {

    private Requests() {
    }

    public record Enroll(UUID campaignId, String leadId) {
    }

    public record Pause(String reason) {
    }

    public record ChangeState(CampaignState state, String reason) {
    }

    public record Preview(String leadId, String locale) {
    }

    public record TestSend(String to, String locale) {
    }

    public record TestSent(String messageId, String to) {
    }
}
