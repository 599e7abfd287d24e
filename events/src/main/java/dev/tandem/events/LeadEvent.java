package dev.tandem.events;

/** Events on {@value Topics#LEAD_EVENTS}, produced by lead-service. */
public sealed interface LeadEvent extends TandemEvent
        permits LeadCreated, LeadUpdated, LeadStageChanged, LeadOwnerAssigned, LeadsMerged, LeadErased {
}
