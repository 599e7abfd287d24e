package dev.tandem.feedback.service;

import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.Rep;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the rep for a new MQL. A rep's territory matches when at least one of its lists (countries, prefectures,
 * industries) is set and every list that is set holds the lead's value; the reps whose territories match the most
 * lists win. Among them, skipping reps out of office or inactive, a weighted round-robin: the rep with the fewest
 * routed leads per unit of capacity after this one ({@code (routed + 1) / capacity}), ties by id — over many leads
 * each rep gets a share proportional to its capacity. No match: the lead stays in the pool.
 */
public final class Router {

    public static final String TERRITORY = "territory";
    public static final String ROUND_ROBIN = "round_robin";
    public static final String CLAIM = "claim";

    /** The rep chosen and how; or, when {@code rep} is null, the pool's team (null: every team's pool). */
    public record Choice(Rep rep, String rule, String poolTeamId) {
    }

    private Router() {
    }

    public static Choice choose(List<Rep> reps, LeadCopy lead, LocalDate today) {
        int best = 0;
        List<Rep> matching = new ArrayList<>();
        for (Rep rep : reps) {
            int specificity = specificity(rep, lead);
            if (specificity == 0) {
                continue;
            }
            if (specificity > best) {
                best = specificity;
                matching.clear();
            }
            if (specificity == best) {
                matching.add(rep);
            }
        }
        List<Rep> available = matching.stream().filter(rep -> rep.active && !rep.outOfOfficeOn(today)).toList();
        if (available.isEmpty()) {
            String team = matching.stream().map(rep -> rep.teamId).distinct().count() == 1
                    ? matching.get(0).teamId : null;
            return new Choice(null, null, team);
        }
        Optional<Rep> next = available.stream().min(Comparator
                .comparingDouble((Rep rep) -> (rep.routed + 1.0) / rep.capacity)
                .thenComparing(rep -> rep.id));
        return new Choice(next.get(), available.size() == 1 ? TERRITORY : ROUND_ROBIN, next.get().teamId);
    }

    /** How many territory lists match the lead: 0 when any set list misses it or none is set. */
    static int specificity(Rep rep, LeadCopy lead) {
        int matched = 0;
        for (var pair : List.of(new Object[]{rep.countries, lead.country}, new Object[]{rep.prefectures, lead.prefecture},
                new Object[]{rep.industries, lead.industry})) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) pair[0];
            String value = (String) pair[1];
            if (values == null || values.isEmpty()) {
                continue;
            }
            if (value == null || values.stream().noneMatch(value::equalsIgnoreCase)) {
                return 0;
            }
            matched++;
        }
        return matched;
    }
}
