package dev.tandem.lead.rest;

import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.lead.ActivityInput;
import dev.tandem.lead.ActivityRejection;
import dev.tandem.platform.http.FieldError;
import dev.tandem.lead.IngestResult;
import dev.tandem.lead.service.ActivityService;
import dev.tandem.lead.service.InvalidInputException;
import dev.tandem.platform.http.JsonProblems;
import dev.tandem.platform.http.Problem;
import dev.tandem.platform.http.ProblemMappers;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.Idempotent;
import dev.tandem.platform.idempotency.IdempotencyKey;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Activity ingestion (trackers, forms, API) and identification of anonymous visitors. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "activities")
@SecurityRequirement(name = "SecurityScheme")
public class ActivityResource {

    @Inject
    ActivityService activities;

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    @Inject
    Idempotency idempotency;

    @Inject
    Callers callers;

    @POST
    @Path("activities")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.TRACKER})
    @Idempotent
    @Operation(summary = "Record one activity or an array of up to 1,000",
            description = "202 {accepted, rejected: [{index, problem}]} once Kafka acknowledged the accepted ones. "
                    + "A single invalid activity is a 400 problem. An activity's id is its event id; with an "
                    + "Idempotency-Key a retry answers the first answer again and publishes nothing new.")
    public Response record(JsonNode body) {
        return idempotency.execute(callers.current().subject(), key -> record(body, key));
    }

    private Response record(JsonNode body, IdempotencyKey key) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw new InvalidInputException("body", "must be an activity object or an array of them");
        }
        boolean single = body.isObject();
        List<JsonNode> nodes = new ArrayList<>();
        if (single) {
            nodes.add(body);
        } else {
            body.forEach(nodes::add);
        }
        if (nodes.isEmpty()) {
            throw new InvalidInputException("body", "the array is empty");
        }
        if (nodes.size() > ActivityInput.MAX_BATCH) {
            throw new InvalidInputException("body", "at most " + ActivityInput.MAX_BATCH + " activities per request");
        }
        List<ActivityService.Item> items = new ArrayList<>(nodes.size());
        List<ActivityRejection> rejected = new ArrayList<>();
        for (int index = 0; index < nodes.size(); index++) {
            JsonNode node = nodes.get(index);
            try {
                if (!node.isObject()) {
                    throw new InvalidInputException("[" + index + "]", "must be an object");
                }
                ActivityInput input = mapper.treeToValue(node, ActivityInput.class);
                List<FieldError> errors = new ArrayList<>();
                for (ConstraintViolation<ActivityInput> v : validator.validate(input)) {
                    errors.add(new FieldError(v.getPropertyPath().toString(), v.getMessage()));
                }
                if (!errors.isEmpty()) {
                    errors.sort(Comparator.comparing(FieldError::field));
                    throw new InvalidInputException(errors);
                }
                items.add(new ActivityService.Item(index, input));
            } catch (JsonProcessingException e) {
                if (single) {
                    throw new InvalidInputException(errorsOf(JsonProblems.of(e)));
                }
                rejected.add(new ActivityRejection(index, JsonProblems.of(e)));
            } catch (InvalidInputException e) {
                if (single) {
                    throw e;
                }
                rejected.add(new ActivityRejection(index, ActivityService.invalid(e.errors())));
            }
        }
        IngestResult result = activities.ingest(items, rejected, key);
        if (single && !result.rejected().isEmpty()) {
            var problem = result.rejected().get(0).problem();
            return ProblemMappers.respond(problem.withInstance("/activities"), null);
        }
        return Response.accepted(result).build();
    }

    private static List<FieldError> errorsOf(Problem problem) {
        return !problem.errors().isEmpty() ? problem.errors() : List.of(new FieldError("body", problem.detail()));
    }

    @POST
    @Path("identify")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.TRACKER})
    @Idempotent
    @Operation(summary = "Link an anonymous visitor to the lead with this email",
            description = "Their kept activity is published with the lead id so scoring counts it.")
    public Response identify(@Valid @NotNull Requests.Identify identify) {
        return idempotency.execute(callers.current().subject(),
                key -> Response.ok(activities.identify(identify.anonymousId(), identify.email())).build());
    }
}
