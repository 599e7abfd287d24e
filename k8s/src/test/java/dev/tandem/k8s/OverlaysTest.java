package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both overlays render with kubectl kustomize, bind strictly to their models and meet every policy. */
class OverlaysTest {

    static Map<String, ServiceConfig> services() {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (String folder : Repository.serviceFolders()) {
            services.put(folder, ServiceConfig.of(folder));
        }
        return services;
    }

    static void assertNone(List<String> violations) {
        assertTrue(violations.isEmpty(), () -> violations.size() + " violation(s):\n  " + String.join("\n  ", violations));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDocumentBindsStrictlyToItsModel(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        assertTrue(manifests.documents.size() > 50, "rendered " + manifests.documents.size() + " documents");
        assertNone(StrictModels.violations(manifests));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadMeetsThePolicy(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<String> violations = new ArrayList<>(WorkloadPolicy.violations(manifests));
        violations.addAll(ServiceNetwork.violations(manifests));
        assertNone(violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsUsersAndScalingFollowTheServicesConfiguration(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, ServiceConfig> services = services();
        List<String> violations = new ArrayList<>();
        if (overlay.equals("prod")) {
            violations.addAll(KafkaPolicy.topics(manifests, 3, 2));
        } else {
            violations.addAll(KafkaPolicy.topics(manifests, 1, 1));
        }
        violations.addAll(KafkaPolicy.users(manifests, services));
        violations.addAll(KafkaPolicy.kafkaCluster(manifests));
        violations.addAll(KafkaPolicy.scaling(manifests, services));
        assertNone(violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableOfProdConfigurationIsProvided(String overlay) {
        assertNone(ProdEnvironment.violations(Manifests.overlay(overlay), services()));
    }

    @Test
    void everyServiceFolderIsDeployedAndEveryDeployedServiceIsKnown() {
        assertFalse(Repository.serviceFolders().isEmpty(), "no service folders found under " + Repository.root());
        for (String folder : Repository.serviceFolders()) {
            assertTrue(Repository.SERVICES.contains(folder), folder + " has no manifests in k8s/base/services");
        }
        Manifests prod = Manifests.overlay("prod");
        for (String service : Repository.SERVICES) {
            assertTrue(prod.find("Deployment", service).isPresent(), "no Deployment/" + service);
        }
    }

    @Test
    void prodRunsThreeOfEverything() {
        Manifests prod = Manifests.overlay("prod");
        for (JsonNode deployment : prod.ofKind("Deployment")) {
            assertEquals(3, deployment.path("spec").path("replicas").asInt(), Manifests.id(deployment));
        }
        for (JsonNode scaled : prod.ofKind("ScaledObject")) {
            assertEquals(3, scaled.path("spec").path("minReplicaCount").asInt(), Manifests.id(scaled));
        }
        JsonNode pool = prod.ofKind("KafkaNodePool").get(0).path("spec");
        assertEquals(3, pool.path("replicas").asInt());
        assertTrue(pool.path("roles").toString().contains("controller") && pool.path("roles").toString().contains("broker"));
        JsonNode kafkaConfig = prod.ofKind("Kafka").get(0).path("spec").path("kafka").path("config");
        assertEquals(3, kafkaConfig.path("default.replication.factor").asInt());
        assertEquals(2, kafkaConfig.path("min.insync.replicas").asInt());
        assertEquals(3, prod.ofKind("MongoDBCommunity").get(0).path("spec").path("members").asInt());
        List<JsonNode> clusters = prod.ofKind("Cluster");
        assertEquals(3, clusters.size());
        for (JsonNode cluster : clusters) {
            assertEquals(3, cluster.path("spec").path("instances").asInt(), Manifests.id(cluster));
            String objectStore = cluster.path("spec").path("plugins").path(0).path("parameters").path("barmanObjectName").asText();
            assertTrue(prod.find("ObjectStore", objectStore).isPresent(), Manifests.id(cluster) + " backs up to " + objectStore);
            assertTrue(prod.ofKind("ScheduledBackup").stream().anyMatch(b ->
                    b.path("spec").path("cluster").path("name").asText().equals(Manifests.name(cluster))),
                    "no ScheduledBackup of " + Manifests.id(cluster));
        }
        for (JsonNode pdb : prod.ofKind("PodDisruptionBudget")) {
            assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt(), Manifests.id(pdb));
        }
    }

    @Test
    void devRunsOneOfEverything() {
        Manifests dev = Manifests.overlay("dev");
        for (JsonNode deployment : dev.ofKind("Deployment")) {
            assertEquals(1, deployment.path("spec").path("replicas").asInt(), Manifests.id(deployment));
        }
        assertEquals(1, dev.ofKind("KafkaNodePool").get(0).path("spec").path("replicas").asInt());
        assertEquals(1, dev.ofKind("MongoDBCommunity").get(0).path("spec").path("members").asInt());
        dev.ofKind("Cluster").forEach(c -> assertEquals(1, c.path("spec").path("instances").asInt(), Manifests.id(c)));
    }
}
