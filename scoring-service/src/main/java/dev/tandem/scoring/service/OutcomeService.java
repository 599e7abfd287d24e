package dev.tandem.scoring.service;

import dev.tandem.events.DealLost;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.TandemEvent;
import dev.tandem.scoring.Outcome;
import dev.tandem.scoring.repository.OutcomeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps DealWon, DealLost and LeadRejected per lead; flags only ever turn on, so redelivery changes nothing. */
@ApplicationScoped
public class OutcomeService {

    @Inject
    OutcomeRepository repository;

    public void record(List<TandemEvent> events) {
        Map<String, Outcome> byLead = new LinkedHashMap<>();
        for (TandemEvent event : events) {
            Outcome outcome = event instanceof DealWon ? new Outcome(true, false, false)
                    : event instanceof DealLost ? new Outcome(false, true, false)
                    : event instanceof LeadRejected ? new Outcome(false, false, true) : null;
            if (outcome != null) {
                byLead.merge(event.leadId(), outcome, Outcome::merge);
            }
        }
        repository.write(byLead);
    }
}
