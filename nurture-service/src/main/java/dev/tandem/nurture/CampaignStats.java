package dev.tandem.nurture;

import java.util.List;
import java.util.UUID;

/** {@code GET /campaigns/{id}/stats}: per email step and A/B variant; {@code human*} leave out likely bots. */
public record CampaignStats(UUID campaignId, List<Row> steps, List<Winner> abWinners, int abMinimumSample) {

    public record Row(String stepId, String variant, long sent, long delivered, long uniqueOpens, long uniqueHumanOpens,
                      long uniqueClicks, long uniqueHumanClicks, long unsubscribes, long hardBounces, long softBounces,
                      long complaints, long conversions) {
    }

    /** The variant with the best human click rate at a split, once every variant has the minimum sample. */
    public record Winner(String stepId, String variant, double humanClickRate, String decidedBy) {
    }
}
