package dev.tandem.scoring.repository;

import dev.tandem.scoring.LeadState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lead states this service wrote or read most recently, with their stored history bytes, least recently used
 * out first. Saves re-reading a lead for every batch (on the local Mongo-wire server that read cost as much as the
 * write itself), and lets the next write append to the stored history. Bounded by the number of activities held,
 * not of leads, since a state's size is its history.
 */
final class RecentLeads {

    private final int maxActivities;
    private final LinkedHashMap<String, Entry> states = new LinkedHashMap<>(1024, 0.75f, true);
    private long activities;

    RecentLeads(int maxActivities) {
        this.maxActivities = maxActivities;
    }

    private record Entry(LeadState state, byte[] history) {
    }

    synchronized LeadState get(String leadId) {
        Entry entry = states.get(leadId);
        return entry == null ? null : entry.state;
    }

    /** The stored history of exactly this state (the same object this cache handed out), else null. */
    synchronized byte[] historyOf(LeadState state) {
        Entry entry = states.get(state.leadId());
        return entry != null && entry.state == state ? entry.history : null;
    }

    synchronized void put(LeadState state, byte[] history) {
        remove(state.leadId());
        states.put(state.leadId(), new Entry(state, history));
        activities += weight(state);
        Iterator<Map.Entry<String, Entry>> eldest = states.entrySet().iterator();
        while (activities > maxActivities && eldest.hasNext()) {
            activities -= weight(eldest.next().getValue().state);
            eldest.remove();
        }
    }

    synchronized void remove(String leadId) {
        Entry removed = states.remove(leadId);
        if (removed != null) {
            activities -= weight(removed.state);
        }
    }

    private static long weight(LeadState state) {
        return 1 + state.activities().size();
    }
}
