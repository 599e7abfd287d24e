package dev.tandem.nurture;

import dev.tandem.platform.calendar.WeeklyHours;

import java.time.Duration;
import java.util.List;

/**
 * A campaign as data. {@code window}: send hours per weekday in the lead's zone (default weekdays 09:00–18:00);
 * {@code timezone}: the zone for a lead without one (default Asia/Tokyo). Unsubscribed and bounced leads always
 * leave; {@code goals} add more exits (default: stage sql or beyond).
 */
public record CampaignDefinition(
        String name,
        String description,
        Trigger trigger,
        String entryStep,
        List<Step> steps,
        List<Goal> goals,
        WeeklyHours window,
        String timezone,
        Reenrollment reenrollment,
        Integer abMinimumSample) {

    /** {@code never} (default) or {@code after} a period since the previous enrolment ended. */
    public record Reenrollment(String policy, Duration after) {
    }

    public Step step(String id) {
        if (steps == null || id == null) {
            return null;
        }
        return steps.stream().filter(s -> id.equals(s.id())).findFirst().orElse(null);
    }

    public String firstStep() {
        if (entryStep != null) {
            return entryStep;
        }
        return steps == null || steps.isEmpty() ? null : steps.get(0).id();
    }
}
