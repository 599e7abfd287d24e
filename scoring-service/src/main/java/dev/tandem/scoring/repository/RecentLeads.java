package dev.tandem.scoring.repository;

import dev.tandem.scoring.LeadState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lead states this service wrote most recently, least recently used out first. Saves re-reading a lead for
 * every batch: on the local Mongo-wire server that read cost as much as the write itself. Bounded by the number of
 * activities held, not of leads, since a state's size is its history.
 */
final class RecentLeads {

    private final int maxActivities;
    private final LinkedHashMap<String, LeadState> states = new LinkedHashMap<>(1024, 0.75f, true);
    private long activities;

    RecentLeads(int maxActivities) {
        this.maxActivities = maxActivities;
    }

    synchronized LeadState get(String leadId) {
        return states.get(leadId);
    }

    synchronized void put(String leadId, LeadState state) {
        remove(leadId);
        states.put(leadId, state);
        activities += weight(state);
        Iterator<Map.Entry<String, LeadState>> eldest = states.entrySet().iterator();
        while (activities > maxActivities && eldest.hasNext()) {
            activities -= weight(eldest.next().getValue());
            eldest.remove();
        }
    }

    synchronized void remove(String leadId) {
        LeadState removed = states.remove(leadId);
        if (removed != null) {
            activities -= weight(removed);
        }
    }

    private static long weight(LeadState state) {
        return 1 + state.activities().size();
    }
}
