package dev.tandem.feedback.rest;

import dev.tandem.platform.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.feedback.Deal;
import dev.tandem.feedback.FeedbackEntry;
import dev.tandem.feedback.service.FeedbackItem;
import dev.tandem.feedback.service.FeedbackService;
import dev.tandem.feedback.service.KeyedFeedback;
import dev.tandem.platform.http.FieldError;
import dev.tandem.platform.http.JsonProblems;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.IdempotencyKey;
import dev.tandem.platform.idempotency.RequestDigest;
import dev.tandem.platform.idempotency.Idempotent;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Feedback from sales: one item with an Idempotency-Key, or a batch of items each with its own key. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    public static final int MAX_BATCH = 200;

    public record BatchRequest(@NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull JsonNode> items) {
    }

    public record BatchResponse(int succeeded, int failed, List<KeyedFeedback.ItemOutcome> results) {
    }

    public record FeedbackView(UUID id, String leadId, String action, String repId, Instant occurredAt,
                               Instant recordedAt, String reasonCode, String note, JsonNode detail) {
    }

    public record DealView(String id, String leadId, String ownerId, String name, String stage, String status,
                           String amount, String currency, LocalDate closeDate, String lossReason, Instant openedAt,
                           Instant closedAt) {
    }

    @Inject
    FeedbackService service;

    @Inject
    KeyedFeedback keyed;

    @Inject
    RequestDigest digest;

    @Inject
    Callers callers;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @POST
    @Path("feedback")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.SALES})
    @Operation(summary = "Record one piece of feedback (Idempotency-Key required: a replay answers the first answer)")
    public Response record(@Context HttpHeaders headers, @Valid @NotNull FeedbackItem item) {
        List<String> key = headers.getRequestHeader(Idempotency.HEADER);
        if (key == null || key.isEmpty()) {
            throw new ProblemException(Problem.invalid(Idempotency.HEADER, "is required: a phone retries, and a retry"
                    + " must not record the feedback twice"));
        }
        Caller caller = callers.current();
        IdempotencyKey idempotencyKey = IdempotencyKey.parse(caller.subject(), key);
        KeyedFeedback.Answer answer = keyed.runSingle(caller, idempotencyKey, digest.fingerprint(), item);
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(answer.body());
        if (answer.location() != null) {
            response.location(URI.create(answer.location()));
        }
        if (answer.replayed()) {
            response.header(Idempotency.REPLAYED, "true");
        }
        return response.build();
    }

    @POST
    @Path("feedback/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.SALES})
    @Operation(summary = "Record up to 200 items, each {idempotencyKey, feedback}; per-item results, partial success")
    public BatchResponse recordBatch(@Valid @NotNull BatchRequest request) {
        Caller caller = callers.current();
        List<KeyedFeedback.ItemOutcome> results = new ArrayList<>();
        List<KeyedFeedback.Keyed> valid = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            Object parsed = parseItem(caller, i, request.items().get(i));
            if (parsed instanceof KeyedFeedback.Keyed item) {
                valid.add(item);
                results.add(null);
            } else {
                results.add((KeyedFeedback.ItemOutcome) parsed);
            }
        }
        for (KeyedFeedback.ItemOutcome ran : keyed.runBatch(caller, valid, Problems::of)) {
            results.set(ran.index(), ran);
        }
        int succeeded = (int) results.stream().filter(r -> r.status() < 300).count();
        return new BatchResponse(succeeded, results.size() - succeeded, results);
    }

    /** The item ready to run ({@link KeyedFeedback.Keyed}), or the outcome that refuses it. */
    private Object parseItem(Caller caller, int index, JsonNode node) {
        String prefix = "items[" + index + "].";
        JsonNode keyNode = node.get("idempotencyKey");
        String key = keyNode != null && keyNode.isTextual() ? keyNode.asText() : null;
        List<FieldError> errors = new ArrayList<>();
        if (!node.isObject()) {
            errors.add(new FieldError("items[" + index + "]", "must be an object {idempotencyKey, feedback}"));
        } else {
            node.fieldNames().forEachRemaining(name -> {
                if (!Set.of("idempotencyKey", "feedback").contains(name)) {
                    errors.add(new FieldError(prefix + name, "is not a known field"));
                }
            });
            if (key == null) {
                errors.add(new FieldError(prefix + "idempotencyKey", "is required (a string)"));
            }
            if (node.get("feedback") == null || !node.get("feedback").isObject()) {
                errors.add(new FieldError(prefix + "feedback", "is required (an object)"));
            }
        }
        if (!errors.isEmpty()) {
            return failed(index, key, Problem.invalid("item " + index + " is not valid", errors));
        }
        FeedbackItem item;
        try {
            item = json.treeToValue(node.get("feedback"), FeedbackItem.class);
        } catch (JsonProcessingException e) {
            Problem problem = JsonProblems.of(e);
            List<FieldError> prefixed = problem.errors() == null ? List.of() : problem.errors().stream()
                    .map(f -> new FieldError(prefix + "feedback." + f.field(), f.message())).toList();
            return failed(index, key, prefixed.isEmpty() ? problem : problem.withErrors(prefixed));
        }
        Set<ConstraintViolation<FeedbackItem>> violations = validator.validate(item);
        if (!violations.isEmpty()) {
            List<FieldError> fields = violations.stream()
                    .map(v -> new FieldError(prefix + "feedback." + v.getPropertyPath(), v.getMessage()))
                    .sorted(Comparator.comparing(FieldError::field)).toList();
            return failed(index, key, Problem.invalid("item " + index + " is not valid", fields));
        }
        try {
            return new KeyedFeedback.Keyed(index, IdempotencyKey.parse(caller.subject(), List.of(key)),
                    keyed.fingerprint(item), item);
        } catch (ProblemException e) {
            List<FieldError> prefixed = e.problem().errors() == null ? List.of() : e.problem().errors().stream()
                    .map(f -> new FieldError(prefix + "idempotencyKey", f.message())).toList();
            return failed(index, key, prefixed.isEmpty() ? e.problem() : e.problem().withErrors(prefixed));
        }
    }

    private static KeyedFeedback.ItemOutcome failed(int index, String key, Problem problem) {
        return new KeyedFeedback.ItemOutcome(index, key, problem.status(), false, null, problem);
    }

    @GET
    @Path("leads/{id}/feedback")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<FeedbackView> feedbackOf(@PathParam("id") String leadId) {
        return service.ofLead(callers.current(), leadId).stream().map(this::view).toList();
    }

    @GET
    @Path("leads/{id}/deals")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<DealView> dealsOf(@PathParam("id") String leadId) {
        return service.dealsOf(callers.current(), leadId).stream().map(FeedbackResource::view).toList();
    }

    private FeedbackView view(FeedbackEntry e) {
        try {
            return new FeedbackView(e.id, e.leadId, e.kind, e.repId, e.occurredAt, e.recordedAt, e.reasonCode, e.note,
                    json.readTree(e.detail));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Amounts as exact decimal text in the currency's own digits ("1200000" for JPY, "19.99" for USD). */
    static DealView view(Deal d) {
        return new DealView(d.id, d.leadId, d.ownerId, d.name, d.stage, d.status, amount(d.amount, d.currency),
                d.currency, d.closeDate, d.lossReason, d.openedAt, d.closedAt);
    }

    static String amount(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        int digits = currency == null ? amount.stripTrailingZeros().scale()
                : Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return amount.setScale(Math.max(digits, 0), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }
}
