package dev.tandem.scoring.repository;

import dev.tandem.scoring.LeadState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lead states this service wrote most recently, least recently used out first. Saves re-reading a lead for
 * every batch: on the local Mongo-wire server that read cost as much as the write itself.
 */
final class RecentLeads {

    private final Map<String, LeadState> states;

    RecentLeads(int capacity) {
        this.states = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LeadState> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized LeadState get(String leadId) {
        return states.get(leadId);
    }

    synchronized void put(String leadId, LeadState state) {
        states.put(leadId, state);
    }

    synchronized void remove(String leadId) {
        states.remove(leadId);
    }
}
