package dev.tandem.nurture.service;

import dev.tandem.events.LeadRejected;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.RejectReason;
import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.Condition;
import dev.tandem.nurture.Goal;
import dev.tandem.nurture.Step;
import dev.tandem.nurture.Trigger;
import dev.tandem.platform.http.FieldError;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Every problem of a campaign definition, each with its JSON path: the trigger, each step (ids, targets, waits,
 * branches, templates), the graph (every step reachable from the entry, no cycle without a wait), goals, window,
 * time zone and re-enrolment.
 */
public final class CampaignValidator {

    static final Set<String> OPS = Set.of("eq", "ne", "contains", "gt", "lt", "exists");

    private CampaignValidator() {
    }

    public static List<FieldError> check(CampaignDefinition d, Predicate<UUID> templateExists) {
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (d.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        checkTrigger(d.trigger(), errors);
        List<Step> steps = d.steps() == null ? List.of() : d.steps();
        if (steps.isEmpty()) {
            errors.add(new FieldError("steps", "needs at least one step"));
        }
        if (steps.size() > 200) {
            errors.add(new FieldError("steps", "at most 200 steps"));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step == null) {
                errors.add(new FieldError("steps[" + i + "]", "is required"));
                continue;
            }
            if (step.id() == null || !step.id().matches("[A-Za-z0-9_-]{1,64}")) {
                errors.add(new FieldError("steps[" + i + "].id", "is required: 1-64 letters, digits, '_' or '-'"));
            } else if (index.putIfAbsent(step.id(), i) != null) {
                errors.add(new FieldError("steps[" + i + "].id", "'" + step.id() + "' is used by steps[" + index.get(step.id()) + "] too"));
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step != null) {
                checkStep("steps[" + i + "]", step, steps, index, templateExists, errors);
            }
        }
        String entry = d.firstStep();
        if (d.entryStep() != null && !index.containsKey(d.entryStep())) {
            errors.add(new FieldError("entryStep", "'" + d.entryStep() + "' is not a step"));
        } else if (entry != null && errors.isEmpty()) {
            checkGraph(entry, steps, index, errors);
        }
        List<Goal> goals = d.goals() == null ? List.of() : d.goals();
        for (int i = 0; i < goals.size(); i++) {
            Goal goal = goals.get(i);
            String path = "goals[" + i + "]";
            if (goal == null) {
                errors.add(new FieldError(path, "is required"));
            } else if (goal instanceof Goal.StageReached s) {
                checkStage(path + ".stage", s.stage(), errors);
            } else if (goal instanceof Goal.Custom c) {
                if (c.name() == null || c.name().isBlank()) {
                    errors.add(new FieldError(path + ".name", "is required"));
                }
                checkCondition(path + ".condition", c.condition(), steps, index, errors);
            }
        }
        if (d.window() != null && d.window().isEmpty()) {
            errors.add(new FieldError("window", "has no hours on any day, so nothing would ever be sent"));
        }
        if (d.timezone() != null && zone(d.timezone()) == null) {
            errors.add(new FieldError("timezone", "'" + d.timezone() + "' is not an IANA time zone (e.g. Asia/Tokyo)"));
        }
        if (d.reenrollment() != null) {
            String policy = d.reenrollment().policy();
            if (!"never".equals(policy) && !"after".equals(policy)) {
                errors.add(new FieldError("reenrollment.policy", "must be 'never' or 'after'"));
            } else if ("after".equals(policy) && (d.reenrollment().after() == null || d.reenrollment().after().isNegative()
                    || d.reenrollment().after().isZero())) {
                errors.add(new FieldError("reenrollment.after", "is required with policy 'after': a positive ISO duration (P90D)"));
            }
        }
        if (d.abMinimumSample() != null && (d.abMinimumSample() < 1 || d.abMinimumSample() > 1_000_000)) {
            errors.add(new FieldError("abMinimumSample", "must be 1–1000000"));
        }
        return errors;
    }

    private static void checkTrigger(Trigger trigger, List<FieldError> errors) {
        if (trigger == null) {
            errors.add(new FieldError("trigger", "is required (leadCreated, stageEntered, scoreReached, recycled, api)"));
        } else if (trigger instanceof Trigger.StageEntered s) {
            checkStage("trigger.stage", s.stage(), errors);
        } else if (trigger instanceof Trigger.ScoreReached s) {
            if (s.minimum() == null || !Double.isFinite(s.minimum())) {
                errors.add(new FieldError("trigger.minimum", "is required, a number"));
            }
        } else if (trigger instanceof Trigger.Recycled r) {
            List<String> codes = r.reasonCodes() == null ? List.of() : r.reasonCodes();
            // Sales reason codes are feedback-service's data, so only their shape can be checked here.
            for (int i = 0; i < codes.size(); i++) {
                String code = codes.get(i);
                if (code == null || !LeadRejected.SALES_REASON_CODE.matcher(code).matches()) {
                    errors.add(new FieldError("trigger.reasonCodes[" + i + "]", "'" + code + "' is neither a reject reason"
                            + " (" + java.util.Arrays.stream(RejectReason.values()).map(RejectReason::code)
                            .collect(java.util.stream.Collectors.joining(", ")) + ") nor a sales reason code ("
                            + LeadRejected.SALES_REASON_CODE + ")"));
                }
            }
        } else if (trigger instanceof Trigger.LeadCreated c && c.conditions() != null) {
            for (int i = 0; i < c.conditions().size(); i++) {
                checkAttribute("trigger.conditions[" + i + "]", c.conditions().get(i), errors);
            }
        }
    }

    private static void checkStep(String path, Step step, List<Step> steps, Map<String, Integer> index,
                                  Predicate<UUID> templateExists, List<FieldError> errors) {
        if (step instanceof Step.Email e) {
            if (e.templateId() == null) {
                errors.add(new FieldError(path + ".templateId", "is required"));
            } else if (!templateExists.test(e.templateId())) {
                errors.add(new FieldError(path + ".templateId", "'" + e.templateId() + "' is not a template"));
            }
            if (e.sender() != null) {
                String from = e.sender().from();
                if (!"fixed".equals(from) && !"owner".equals(from)) {
                    errors.add(new FieldError(path + ".sender.from", "must be 'fixed' or 'owner'"));
                }
                if (e.sender().address() != null && !TemplateService.EMAIL.matcher(e.sender().address()).matches()) {
                    errors.add(new FieldError(path + ".sender.address", "must be an email address"));
                }
                if ("fixed".equals(from) && e.sender().address() == null) {
                    errors.add(new FieldError(path + ".sender.address", "is required with from 'fixed'"));
                }
            }
            target(path + ".next", e.next(), index, errors);
        } else if (step instanceof Step.Wait w) {
            int given = (w.duration() != null ? 1 : 0) + (w.until() != null ? 1 : 0) + (w.businessDays() != null ? 1 : 0);
            if (given != 1) {
                errors.add(new FieldError(path, "needs exactly one of duration, until, businessDays"));
            }
            if (w.duration() != null && (w.duration().isNegative() || w.duration().isZero()
                    || w.duration().compareTo(Duration.ofDays(366)) > 0)) {
                errors.add(new FieldError(path + ".duration", "must be a positive ISO duration up to P366D"));
            }
            if (w.until() != null && (w.until().dayOfWeek() == null || w.until().time() == null)) {
                errors.add(new FieldError(path + ".until", "needs dayOfWeek (MONDAY…) and time (10:00)"));
            }
            if (w.businessDays() != null && (w.businessDays() < 1 || w.businessDays() > 250)) {
                errors.add(new FieldError(path + ".businessDays", "must be 1–250"));
            }
            target(path + ".next", w.next(), index, errors);
        } else if (step instanceof Step.Branch b) {
            if ((b.condition() == null) == (b.split() == null)) {
                errors.add(new FieldError(path, "needs exactly one of condition (with then/else) or split"));
            } else if (b.condition() != null) {
                checkCondition(path + ".condition", b.condition(), steps, index, errors);
                target(path + ".then", b.then(), index, errors);
                target(path + ".else", b.otherwise(), index, errors);
            } else {
                int total = 0;
                Set<String> names = new HashSet<>();
                if (b.split().size() < 2) {
                    errors.add(new FieldError(path + ".split", "needs at least two variants"));
                }
                for (int i = 0; i < b.split().size(); i++) {
                    Step.Variant v = b.split().get(i);
                    String vp = path + ".split[" + i + "]";
                    if (v == null) {
                        errors.add(new FieldError(vp, "is required"));
                        continue;
                    }
                    if (v.name() == null || !v.name().matches("[A-Za-z0-9_-]{1,32}")) {
                        errors.add(new FieldError(vp + ".name", "is required: 1-32 letters, digits, '_' or '-'"));
                    } else if (!names.add(v.name())) {
                        errors.add(new FieldError(vp + ".name", "'" + v.name() + "' is used twice"));
                    }
                    if (v.percent() == null || v.percent() < 1 || v.percent() > 99) {
                        errors.add(new FieldError(vp + ".percent", "must be 1–99"));
                    } else {
                        total += v.percent();
                    }
                    target(vp + ".next", v.next(), index, errors);
                }
                if (total != 100 && errors.stream().noneMatch(e -> e.field().startsWith(path + ".split"))) {
                    errors.add(new FieldError(path + ".split", "percentages add up to " + total + ", not 100"));
                }
            }
        } else if (step instanceof Step.NotifyOwner n) {
            TemplateRenderer renderer = new TemplateRenderer();
            errors.addAll(renderer.checkSource(path + ".subject", n.subject()));
            errors.addAll(renderer.checkSource(path + ".message", n.message()));
            target(path + ".next", n.next(), index, errors);
        }
    }

    private static void checkCondition(String path, Condition condition, List<Step> steps, Map<String, Integer> index,
                                       List<FieldError> errors) {
        if (condition == null) {
            errors.add(new FieldError(path, "is required"));
        } else if (condition instanceof Condition.Opened o) {
            emailStep(path + ".stepId", o.stepId(), steps, index, errors);
            positive(path + ".within", o.within(), errors);
        } else if (condition instanceof Condition.Clicked c) {
            emailStep(path + ".stepId", c.stepId(), steps, index, errors);
            positive(path + ".within", c.within(), errors);
        } else if (condition instanceof Condition.ScoreAbove s) {
            if (s.value() == null || !Double.isFinite(s.value())) {
                errors.add(new FieldError(path + ".value", "is required, a number"));
            }
        } else if (condition instanceof Condition.StageIs s) {
            checkStage(path + ".stage", s.stage(), errors);
        } else if (condition instanceof Condition.Attribute a) {
            checkAttribute(path, a, errors);
        }
    }

    private static void checkAttribute(String path, Condition.Attribute a, List<FieldError> errors) {
        if (a == null) {
            errors.add(new FieldError(path, "is required"));
            return;
        }
        if (a.name() == null || a.name().isBlank()) {
            errors.add(new FieldError(path + ".name", "is required (a lead field such as country, or attributes.<name>)"));
        }
        if (!OPS.contains(a.op())) {
            errors.add(new FieldError(path + ".op", "must be one of " + String.join(", ", OPS.stream().sorted().toList())));
        } else if (!"exists".equals(a.op()) && a.value() == null) {
            errors.add(new FieldError(path + ".value", "is required with op '" + a.op() + "'"));
        } else if (("gt".equals(a.op()) || "lt".equals(a.op())) && !(a.value() instanceof Number)) {
            errors.add(new FieldError(path + ".value", "must be a number with op '" + a.op() + "'"));
        }
    }

    private static void emailStep(String path, String stepId, List<Step> steps, Map<String, Integer> index,
                                  List<FieldError> errors) {
        Integer at = stepId == null ? null : index.get(stepId);
        if (at == null) {
            errors.add(new FieldError(path, "'" + stepId + "' is not a step"));
        } else if (!(steps.get(at) instanceof Step.Email)) {
            errors.add(new FieldError(path, "'" + stepId + "' is not an email step"));
        }
    }

    private static void positive(String path, Duration duration, List<FieldError> errors) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            errors.add(new FieldError(path, "is required, a positive ISO duration (P3D)"));
        }
    }

    private static void checkStage(String path, String stage, List<FieldError> errors) {
        try {
            LifecycleStage.fromCode(stage);
        } catch (RuntimeException e) {
            errors.add(new FieldError(path, "'" + stage + "' is not a stage (subscriber, lead, mql, sql, opportunity,"
                    + " customer, recycled, disqualified)"));
        }
    }

    private static void target(String path, String target, Map<String, Integer> index, List<FieldError> errors) {
        if (target != null && !index.containsKey(target)) {
            errors.add(new FieldError(path, "'" + target + "' is not a step"));
        }
    }

    private static void checkGraph(String entry, List<Step> steps, Map<String, Integer> index, List<FieldError> errors) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                todo.addAll(steps.get(index.get(id)).targets());
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!reached.contains(steps.get(i).id())) {
                errors.add(new FieldError("steps[" + i + "]", "'" + steps.get(i).id() + "' is not reachable from the entry step"));
            }
        }
        // A cycle must pass a wait, or an enrolment would loop without ever stopping: look for one among the others.
        Map<String, Integer> color = new HashMap<>();
        for (Step step : steps) {
            if (!(step instanceof Step.Wait) && !color.containsKey(step.id())) {
                String cycle = cycleFrom(step.id(), steps, index, color, new ArrayDeque<>());
                if (cycle != null) {
                    errors.add(new FieldError("steps[" + index.get(cycle) + "]", "'" + cycle
                            + "' is on a cycle without a wait step"));
                    return;
                }
            }
        }
    }

    private static String cycleFrom(String id, List<Step> steps, Map<String, Integer> index, Map<String, Integer> color,
                                    Deque<String> path) {
        color.put(id, 1);
        for (String next : steps.get(index.get(id)).targets()) {
            if (steps.get(index.get(next)) instanceof Step.Wait) {
                continue;
            }
            Integer c = color.get(next);
            if (c != null && c == 1) {
                return next;
            }
            if (c == null) {
                String found = cycleFrom(next, steps, index, color, path);
                if (found != null) {
                    return found;
                }
            }
        }
        color.put(id, 2);
        return null;
    }

    static ZoneId zone(String id) {
        try {
            ZoneId zone = ZoneId.of(id);
            return zone instanceof ZoneOffset ? null : zone;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
