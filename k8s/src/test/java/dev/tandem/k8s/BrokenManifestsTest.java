package dev.tandem.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fixture under src/test/resources/broken is the prod overlay with one mistake; the check named beside it must
 * report that mistake (and so fail the build had it been in k8s/). Proves the checks of {@link OverlaysTest} can fail.
 */
class BrokenManifestsTest {

    static Manifests fixture(String name) {
        return Manifests.of(Repository.k8s().resolve("src/test/resources/broken").resolve(name));
    }

    static List<String> allViolations(Manifests manifests) {
        List<String> violations = new ArrayList<>(StrictModels.violations(manifests));
        violations.addAll(WorkloadPolicy.violations(manifests));
        violations.addAll(ServiceNetwork.violations(manifests));
        violations.addAll(KafkaPolicy.topics(manifests, 3, 2));
        violations.addAll(KafkaPolicy.users(manifests, OverlaysTest.services()));
        violations.addAll(KafkaPolicy.kafkaCluster(manifests));
        violations.addAll(KafkaPolicy.scaling(manifests, OverlaysTest.services()));
        violations.addAll(ProdEnvironment.violations(manifests, OverlaysTest.services()));
        return violations;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            field-typo           | Deployment/lead-service: unknown field(s) or wrong type at .spec.template.spec.containers[0]: [imagePullPolicyy]
            wrong-type           | Deployment/scoring-service: does not bind to its model (apps/v1/Deployment): Cannot deserialize value of type `java.lang.Long` from String "sixty"
            strimzi-typo         | KafkaTopic/lead-events: unknown field(s) or wrong type at .spec: [partition]
            strimzi-v1beta2-field | KafkaUser/scoring-service: /spec/authorization/acls/*/operation is not part of kafka.strimzi.io/v1
            cnpg-typo            | Cluster/nurture-db: does not bind to its model (postgresql.cnpg.io/v1/Cluster): Unrecognized field "enableSuperuserAcess"
            keda-typo            | ScaledObject/scoring-service: trigger activity-events-lag: unknown kafka scaler metadata consumerGoup
            missing-probe        | Deployment/lead-service container lead-service: readinessProbe must be an httpGet on /q/health/ready
            literal-secret       | Deployment/nurture-service: QUARKUS_MAILER_PASSWORD has a literal value; take it from a Secret
            literal-secret       | Secret/smtp-relay: secrets are created in the cluster (README), never committed
            latest-image         | Deployment/gateway container gateway: image registry.example.com/tandem/gateway:latest uses :latest
            heap-over-limit      | Deployment/scoring-service container scoring-service: heap -Xmx1g and ~256 MiB outside it do not fit the memory limit 640Mi
            root-filesystem      | Deployment/feedback-service container feedback-service: readOnlyRootFilesystem must be true
            root-filesystem      | Deployment/feedback-service container feedback-service: capabilities must drop ALL
            extra-acl            | KafkaUser/scoring-service: ACLs not needed by scoring-service's configuration [Acl[type=topic, name=lead.events, operation=Write]]
            missing-acl          | KafkaUser/lead-service: missing ACLs [Acl[type=group, name=lead-service, operation=Read]]
            keda-over-partitions | ScaledObject/lead-service: maxReplicaCount 12 exceeds the partitions of
            open-egress          | NetworkPolicy/lead-service: egress to {"ipBlock":{"cidr":"0.0.0.0/0"}} on [443] is not needed
            missing-env          | Deployment/lead-service: does not set [QUARKUS_MONGODB_CONNECTION_STRING], which its %prod configuration reads
            route-typo           | HTTPRoute/links: unknown field(s) or wrong type at .spec.rules[0]: [backendRef]
            exposed-service      | HTTPRoute/app: routes to lead-service, only the gateway may be reached from outside
            missing-dlq          | KafkaTopic: score.events has no dead-letter topic
            """)
    void theMistakeIsReported(String fixture, String expected) {
        List<String> violations = allViolations(fixture(fixture));
        String wanted = expected.strip();
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(wanted)),
                () -> fixture + ": expected a violation starting with\n  " + wanted + "\ngot:\n  " + String.join("\n  ", violations));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"kustomization-typo"})
    void anInvalidKustomizationDoesNotRender(String fixture) {
        Path dir = Repository.k8s().resolve("src/test/resources/broken").resolve(fixture);
        Kubectl.KustomizeException failure = assertThrows(Kubectl.KustomizeException.class, () -> Kubectl.kustomize(dir));
        assertTrue(failure.getMessage().contains("unknown field") && failure.getMessage().contains("resource"), failure.getMessage());
    }
}
