package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** One step of a campaign; {@code next} names the step that follows (none: the enrolment completes). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Step.Email.class, name = "email"),
        @JsonSubTypes.Type(value = Step.Wait.class, name = "wait"),
        @JsonSubTypes.Type(value = Step.Branch.class, name = "branch"),
        @JsonSubTypes.Type(value = Step.NotifyOwner.class, name = "notifyOwner"),
        @JsonSubTypes.Type(value = Step.Exit.class, name = "exit")
})
public sealed interface Step {

    String id();

    /** The steps this one can lead to. */
    List<String> targets();

    /** Sends a template; {@code sender} is a fixed address or the lead's owner (Reply-To is the owner either way). */
    record Email(String id, UUID templateId, Sender sender, String next) implements Step {
        public List<String> targets() {
            return next == null ? List.of() : List.of(next);
        }
    }

    /** {@code from: fixed} with an address, or {@code from: owner} (falls back to the fixed address if unowned). */
    record Sender(String from, String address, String name) {
    }

    /** Waits a duration, until a weekday and time in the lead's zone, or a number of business days. */
    record Wait(String id, Duration duration, Until until, Integer businessDays, String next) implements Step {
        public List<String> targets() {
            return next == null ? List.of() : List.of(next);
        }
    }

    record Until(DayOfWeek dayOfWeek, LocalTime time) {
    }

    /** A condition ({@code then}/{@code else}), or a random split over variants with percentages (A/B). */
    record Branch(String id, Condition condition, String then, @JsonProperty("else") String otherwise,
                  List<Variant> split) implements Step {
        public List<String> targets() {
            if (split != null) {
                return split.stream().map(Variant::next).filter(java.util.Objects::nonNull).toList();
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            if (then != null) {
                out.add(then);
            }
            if (otherwise != null) {
                out.add(otherwise);
            }
            return out;
        }
    }

    record Variant(String name, Integer percent, String next) {
    }

    /** Mails the owning rep (subject and message are Qute over the same variables as templates). */
    record NotifyOwner(String id, String subject, String message, String next) implements Step {
        public List<String> targets() {
            return next == null ? List.of() : List.of(next);
        }
    }

    record Exit(String id) implements Step {
        public List<String> targets() {
            return List.of();
        }
    }
}
