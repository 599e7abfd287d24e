package dev.tandem.events;

/** Events on {@value Topics#SCORE_EVENTS}, produced by scoring-service. */
public sealed interface ScoreEvent extends TandemEvent permits ScoreChanged, LeadQualified, LeadUnqualified {

    String modelId();

    int modelVersion();
}
