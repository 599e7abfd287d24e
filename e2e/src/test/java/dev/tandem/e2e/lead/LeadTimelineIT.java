package dev.tandem.e2e.lead;

import dev.tandem.e2e.Suite;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** Through the running suite: a lead is created, activities are posted, and they show on its timeline in time order. */
class LeadTimelineIT {

    private static RequestSpecification as(String role) {
        return RestAssured.given().baseUri(Suite.LEAD_SERVICE)
                .auth().oauth2(Suite.token(role, role + "-e2e"))
                .contentType(ContentType.JSON);
    }

    @Test
    void activitiesPostedForANewLeadShowOnItsTimelineInTimeOrder() {
        String email = "e2e-" + UUID.randomUUID() + "@example.co.jp";
        String id = as("marketing").body(Map.of("email", email, "lastName", "山田", "company", "株式会社イーツーイー"))
                .post("/leads").then().statusCode(201).body("lastName", equalTo("山田")).extract().path("id");

        as("tracker").body(List.of(
                        Map.of("email", email, "type", "webinar_attended", "occurredAt", "2026-01-03T09:00:00Z"),
                        Map.of("leadId", id, "type", "page_view", "occurredAt", "2026-01-01T09:00:00Z",
                                "properties", Map.of("url", "https://example.com/料金")),
                        Map.of("leadId", id, "type", "form_submit", "occurredAt", "2026-01-02T09:00:00Z")))
                .post("/activities").then().statusCode(202).body("accepted", equalTo(3));

        String types = "page_view,form_submit,webinar_attended";
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ((Number) as("marketing").get("/leads/" + id + "/timeline?types=" + types).path("total")).intValue() == 3);

        as("marketing").get("/leads/" + id + "/timeline?types=" + types).then().statusCode(200)
                .body("items.type", contains("page_view", "form_submit", "webinar_attended"))
                .body("items[0].properties.url", equalTo("https://example.com/料金"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "2026-01-03T09:00:00Z".equals(as("marketing").get("/leads/" + id).path("lastActivityAt")));
    }
}
