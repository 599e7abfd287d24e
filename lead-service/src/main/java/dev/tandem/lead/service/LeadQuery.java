package dev.tandem.lead.service;

import dev.tandem.events.LifecycleStage;

import java.time.Instant;

/** The filters, sort and page of {@code GET /leads}, already checked. */
public record LeadQuery(LifecycleStage stage, String ownerId, String source, String campaign, String q,
                        Double minScore, Double maxScore, Instant createdFrom, Instant createdTo,
                        LeadSort sort, int page, int size) {
}
