package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.events.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.tandem.k8s.Manifests.elements;
import static dev.tandem.k8s.Manifests.id;

/**
 * Kafka as the services need it: every topic of {@code dev.tandem.events.Topics} (each with its {@code .dlq}) with
 * {@link Topics#PARTITIONS} partitions; a KafkaUser per Kafka-using service whose ACLs are exactly what its
 * configuration reads and writes; KEDA scaling each consumer on its group's lag, never past the partitions.
 */
final class KafkaPolicy {

    private KafkaPolicy() {
    }

    static List<String> topics(Manifests manifests, int minReplicas, int minInSync) {
        List<String> v = new ArrayList<>();
        Map<String, JsonNode> byTopic = topicsByName(manifests);
        for (String topic : Topics.EVENT_TOPICS) {
            if (!byTopic.containsKey(Topics.deadLetterOf(topic))) {
                v.add("KafkaTopic: " + topic + " has no dead-letter topic " + Topics.deadLetterOf(topic));
            }
        }
        for (String topic : Topics.allTopics()) {
            JsonNode kafkaTopic = byTopic.get(topic);
            if (kafkaTopic == null) {
                v.add("KafkaTopic: none for " + topic);
                continue;
            }
            JsonNode spec = kafkaTopic.path("spec");
            if (spec.path("partitions").asInt() != Topics.PARTITIONS) {
                v.add(id(kafkaTopic) + ": partitions must be Topics.PARTITIONS (" + Topics.PARTITIONS + "), not " + spec.path("partitions"));
            }
            if (spec.path("replicas").asInt() < minReplicas) {
                v.add(id(kafkaTopic) + ": replicas must be at least " + minReplicas);
            }
            if (spec.path("config").path("min.insync.replicas").asInt() < minInSync) {
                v.add(id(kafkaTopic) + ": min.insync.replicas must be at least " + minInSync);
            }
        }
        for (String topic : byTopic.keySet()) {
            if (!Topics.allTopics().contains(topic)) {
                v.add("KafkaTopic: " + topic + " is not a topic of dev.tandem.events.Topics");
            }
        }
        return v;
    }

    /** One ACL as Strimzi states it, reduced to what is compared. */
    record Acl(String type, String name, String operation) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }
    }

    static Set<Acl> expectedAcls(ServiceConfig config) {
        Set<Acl> acls = new TreeSet<>();
        for (String topic : config.consumedTopics()) {
            acls.add(new Acl("topic", topic, "Read"));
            acls.add(new Acl("topic", topic, "Describe"));
        }
        for (String topic : config.writtenTopics()) {
            acls.add(new Acl("topic", topic, "Write"));
            acls.add(new Acl("topic", topic, "Describe"));
        }
        for (String group : config.groups()) {
            acls.add(new Acl("group", group, "Read"));
        }
        return acls;
    }

    static Set<Acl> declaredAcls(JsonNode user, List<String> violations) {
        Set<Acl> acls = new TreeSet<>();
        for (JsonNode acl : elements(user.path("spec").path("authorization").path("acls"))) {
            JsonNode resource = acl.path("resource");
            String pattern = resource.path("patternType").asText("literal");
            String name = resource.path("name").asText();
            if (!pattern.equals("literal") || name.contains("*")) {
                violations.add(id(user) + ": ACL on " + resource + " is not literal (least privilege names each resource)");
            }
            for (JsonNode operation : elements(acl.path("operations"))) {
                acls.add(new Acl(resource.path("type").asText(), name, operation.asText()));
            }
        }
        return acls;
    }

    /** Each service (whose folder exists) against its KafkaUser; users of services not in the repository are not judged. */
    static List<String> users(Manifests manifests, Map<String, ServiceConfig> services) {
        List<String> v = new ArrayList<>();
        for (JsonNode user : manifests.ofKind("KafkaUser")) {
            JsonNode spec = user.path("spec");
            String authentication = spec.path("authentication").path("type").asText();
            if (!Set.of("scram-sha-512", "tls").contains(authentication)) {
                v.add(id(user) + ": authentication must be scram-sha-512 or tls, not '" + authentication + "'");
            }
            if (!spec.path("authorization").path("type").asText().equals("simple")) {
                v.add(id(user) + ": authorization must be simple (ACLs)");
            }
        }
        services.forEach((service, config) -> {
            Optional<JsonNode> user = manifests.find("KafkaUser", service);
            if (!config.usesKafka()) {
                user.ifPresent(u -> v.add(id(u) + ": " + service + " does not use Kafka"));
                return;
            }
            if (user.isEmpty()) {
                v.add("KafkaUser: none for " + service);
                return;
            }
            Set<Acl> declared = declaredAcls(user.get(), v);
            Set<Acl> expected = expectedAcls(config);
            Set<Acl> missing = new TreeSet<>(expected);
            missing.removeAll(declared);
            Set<Acl> extra = new TreeSet<>(declared);
            extra.removeAll(expected);
            if (!missing.isEmpty()) {
                v.add(id(user.get()) + ": missing ACLs " + missing);
            }
            if (!extra.isEmpty()) {
                v.add(id(user.get()) + ": ACLs not needed by " + service + "'s configuration " + extra);
            }
        });
        return v;
    }

    static List<String> kafkaCluster(Manifests manifests) {
        List<String> v = new ArrayList<>();
        for (JsonNode kafka : manifests.ofKind("Kafka")) {
            JsonNode spec = kafka.path("spec").path("kafka");
            if (!spec.path("authorization").path("type").asText().equals("simple")) {
                v.add(id(kafka) + ": authorization must be simple, or the KafkaUsers' ACLs mean nothing");
            }
            for (JsonNode listener : elements(spec.path("listeners"))) {
                if (listener.path("authentication").isMissingNode()) {
                    v.add(id(kafka) + ": listener " + listener.path("name").asText() + " lets clients in unauthenticated");
                }
                if (!listener.path("tls").asBoolean(false)) {
                    v.add(id(kafka) + ": listener " + listener.path("name").asText() + " must use TLS");
                }
            }
        }
        if (manifests.ofKind("Kafka").size() != 1) {
            v.add("Kafka: exactly one cluster expected");
        }
        return v;
    }

    static List<String> scaling(Manifests manifests, Map<String, ServiceConfig> services) {
        List<String> v = new ArrayList<>();
        Map<String, JsonNode> byTopic = topicsByName(manifests);
        for (JsonNode scaled : manifests.ofKind("ScaledObject")) {
            JsonNode spec = scaled.path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText();
            if (manifests.find("Deployment", target).isEmpty()) {
                v.add(id(scaled) + ": scales Deployment/" + target + ", which is not in the manifests");
            }
            int max = spec.path("maxReplicaCount").asInt(100);
            Set<String> topics = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (JsonNode trigger : elements(spec.path("triggers"))) {
                JsonNode metadata = trigger.path("metadata");
                String topic = metadata.path("topic").asText();
                topics.add(topic);
                groups.add(metadata.path("consumerGroup").asText());
                JsonNode kafkaTopic = byTopic.get(topic);
                if (kafkaTopic == null) {
                    v.add(id(scaled) + ": trigger on " + topic + ", which has no KafkaTopic");
                } else if (max > kafkaTopic.path("spec").path("partitions").asInt()) {
                    v.add(id(scaled) + ": maxReplicaCount " + max + " exceeds the partitions of " + topic
                            + " (idle consumers)");
                }
                String authentication = trigger.path("authenticationRef").path("name").asText();
                if (manifests.find("TriggerAuthentication", authentication).isEmpty()) {
                    v.add(id(scaled) + ": TriggerAuthentication/" + authentication + " is not in the manifests");
                }
            }
            ServiceConfig config = services.get(target);
            if (config != null) {
                if (!topics.equals(config.consumedTopics())) {
                    v.add(id(scaled) + ": triggers on " + topics + " but " + target + " consumes " + config.consumedTopics());
                }
                if (!config.groups().containsAll(groups)) {
                    v.add(id(scaled) + ": consumer groups " + groups + " but " + target + " consumes in " + config.groups());
                }
            }
        }
        services.forEach((service, config) -> {
            boolean scaledByKeda = manifests.ofKind("ScaledObject").stream()
                    .anyMatch(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(service));
            if (!config.consumedTopics().isEmpty() && !scaledByKeda) {
                v.add("ScaledObject: none scales consumer " + service + " on its lag");
            }
        });
        Optional<JsonNode> gatewayHpa = manifests.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals("gateway")).findFirst();
        if (gatewayHpa.isEmpty() || elements(gatewayHpa.get().path("spec").path("metrics")).stream()
                .noneMatch(m -> m.path("resource").path("name").asText().equals("cpu"))) {
            v.add("HorizontalPodAutoscaler: the gateway needs one on CPU");
        }
        return v;
    }

    private static Map<String, JsonNode> topicsByName(Manifests manifests) {
        Map<String, JsonNode> byTopic = new TreeMap<>();
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            byTopic.put(topic.path("spec").path("topicName").asText(Manifests.name(topic)), topic);
        }
        return byTopic;
    }
}
