package dev.tandem.feedback.rest;

import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.feedback.service.KgiFunnel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tandem.feedback.Api.WAIT;
import static dev.tandem.feedback.Api.admin;
import static dev.tandem.feedback.Api.send;
import static dev.tandem.feedback.Api.team;
import static dev.tandem.feedback.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KGI's maintained read model (V5, {@code KgiFunnel}) against the facts: a redelivered stage change counts once,
 * an owner change moves the team and owner figures, a merge counts the remaining lead once, and a rebuild from the
 * facts (the migration's backfill) answers the same KGI before and after its business days are computed.
 * November 2024 is this test's alone.
 */
@QuarkusTest
class KgiFunnelTest {

    @Inject
    KgiFunnel funnel;

    @Inject
    EntityManager em;

    private static String lead(String owner, String source) {
        String id = unique("funnel");
        send(new LeadCreated(UUID.randomUUID(), Instant.parse("2024-10-01T00:00:00Z"), id, 1,
                new LeadProfile(id + "@example.jp", "太郎", "山田", "山田工業", null, null, "JP", "Asia/Tokyo", "ja", 50,
                        "製造", source, "fair-2024", Map.of(), true, LifecycleStage.LEAD, owner)));
        await().atMost(WAIT).until(() -> admin().get("/leads/" + id + "/feedback").statusCode() == 200);
        return id;
    }

    private static LeadStageChanged moved(String lead, LifecycleStage from, LifecycleStage to, String at) {
        LeadStageChanged event = new LeadStageChanged(UUID.randomUUID(), Instant.parse(at), lead, 1, from, to, "test",
                null, null, "test");
        send(event);
        return event;
    }

    private static JsonPath kgi(String period, String teamId) {
        var request = admin();
        if (teamId != null) {
            request = request.queryParam("teamId", teamId);
        }
        return request.get("/kgi/" + period).then().statusCode(200).extract().jsonPath();
    }

    private static int actual(JsonPath kgi, String metric) {
        return kgi.getInt("metrics.find { it.metric == '" + metric + "' }.actual");
    }

    @Test
    void theMaintainedFiguresFollowRedeliveryOwnersMergesAndARebuild() {
        String north = unique("funnel-north");
        String south = unique("funnel-south");
        team(north);
        team(south);
        String repN = unique("funnel-rep-n");
        String repS = unique("funnel-rep-s");
        admin().body(Map.of("id", repN, "name", "北", "teamId", north, "capacity", 1)).post("/reps").then().statusCode(201);
        admin().body(Map.of("id", repS, "name", "南", "teamId", south, "capacity", 1)).post("/reps").then().statusCode(201);
        String a = lead(repN, "web");
        String b = lead(repN, "web");
        String c = lead(repN, "展示会");

        // From Fri 2024-11-01 10:00 JST (8 h that day; Monday 11-04 is a holiday, 振替休日) a reaches sql on Tue 11-05
        // 10:00: 9 h = 1 business day of 9 h; b on Wed 11-06 10:00: 18 h = 2.
        LeadStageChanged first = moved(a, LifecycleStage.LEAD, LifecycleStage.MQL, "2024-11-01T01:00:00Z");
        moved(b, LifecycleStage.LEAD, LifecycleStage.MQL, "2024-11-01T01:00:00Z");
        moved(c, LifecycleStage.LEAD, LifecycleStage.MQL, "2024-11-01T01:00:00Z");
        moved(a, LifecycleStage.MQL, LifecycleStage.SQL, "2024-11-05T01:00:00Z");
        moved(b, LifecycleStage.MQL, LifecycleStage.SQL, "2024-11-06T01:00:00Z");
        send(first);                                                             // redelivered
        await().atMost(WAIT).until(() -> actual(kgi("2024-11", north), "sqls") == 2);
        JsonPath northKgi = kgi("2024-11", north);
        assertEquals(3, actual(northKgi, "mqls"));
        assertEquals(1.5f, northKgi.getFloat("velocity[0].medianBusinessDays"));
        assertEquals(2, northKgi.getInt("velocity[0].leads"));
        assertEquals(2, northKgi.getInt("by.source.find { it.value == 'web' }.mqls"));
        assertEquals(3, kgi("2024-Q4", north).getInt("metrics.find { it.metric == 'mqls' }.actual"));

        // b's owner moves to the south team: its counts and its velocity go with it.
        send(new LeadOwnerAssigned(UUID.randomUUID(), Instant.parse("2024-11-07T01:00:00Z"), b, 1, repS, repN, "admin"));
        await().atMost(WAIT).until(() -> actual(kgi("2024-11", south), "mqls") == 1);
        JsonPath southKgi = kgi("2024-11", south);
        assertEquals(1, actual(southKgi, "sqls"));
        assertEquals(2, southKgi.getInt("velocity[0].medianBusinessDays"));
        northKgi = kgi("2024-11", north);
        assertEquals(2, actual(northKgi, "mqls"));
        assertEquals(1, northKgi.getInt("velocity[0].medianBusinessDays"));
        assertEquals(1, northKgi.getInt("by.owner.find { it.value == '" + repN + "' }.sqls"));

        // c (an MQL at the same instant as a) is merged into a: a counts once as an MQL, c is gone from the figures.
        send(new LeadsMerged(UUID.randomUUID(), Instant.parse("2024-11-08T01:00:00Z"), a, 1, c, "marketing-1"));
        await().atMost(WAIT).until(() -> actual(kgi("2024-11", north), "mqls") == 1);
        northKgi = kgi("2024-11", north);
        assertEquals(1, actual(northKgi, "sqls"));
        assertNull(northKgi.get("by.source.find { it.value == '展示会' }"));

        // The rebuild from the facts (V5's backfill) gives the same answers, before and after the days are computed.
        String northBefore = admin().queryParam("teamId", north).get("/kgi/2024-11").asString();
        String southBefore = admin().queryParam("teamId", south).get("/kgi/2024-Q4").asString();
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("SELECT kgi_funnel_rebuild('Asia/Tokyo')").getSingleResult());
        long pending = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM lead_funnel WHERE days_pending AND lead_id IN (?1, ?2)")
                .setParameter(1, a).setParameter(2, b).getSingleResult()).longValue());
        assertTrue(pending > 0, "the rebuild leaves the days to compute");
        assertEquals(northBefore, admin().queryParam("teamId", north).get("/kgi/2024-11").asString());
        assertEquals(southBefore, admin().queryParam("teamId", south).get("/kgi/2024-Q4").asString());
        int computed;
        do {
            computed = funnel.computePendingDays(500);
        } while (computed > 0);
        assertEquals(northBefore, admin().queryParam("teamId", north).get("/kgi/2024-11").asString());
        assertEquals(southBefore, admin().queryParam("teamId", south).get("/kgi/2024-Q4").asString());
        assertEquals(List.of(), QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT lead_id FROM lead_funnel WHERE days_pending").getResultList()));
    }
}
