package dev.tandem.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds every rendered document to a typed model and reports what does not fit: fabric8's models for Kubernetes kinds,
 * Strimzi's for kafka.strimzi.io/v1, and this module's own schemas ({@link OperatorSchemas}) for CloudNativePG, the
 * Barman Cloud plugin, MongoDBCommunity and KEDA. fabric8 and Strimzi keep unknown fields (and, through fabric8's
 * unmatched-field-type module, values of the wrong type) in {@code additionalProperties} instead of failing, so the
 * whole bound tree is walked and anything found there is a violation; the own schemas fail on unknown fields and on
 * scalars of the wrong type themselves. A kind no model knows is a violation too.
 */
final class StrictModels {

    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

    private static final ObjectMapper OWN_SCHEMAS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** apiVersion/kind -> model, for the kinds fabric8 does not know. */
    private static final Map<String, Class<?>> OPERATOR_KINDS = Map.ofEntries(
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", OperatorSchemas.CnpgCluster.class),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", OperatorSchemas.CnpgScheduledBackup.class),
            Map.entry("barmancloud.cnpg.io/v1/ObjectStore", OperatorSchemas.BarmanObjectStore.class),
            Map.entry("mongodbcommunity.mongodb.com/v1/MongoDBCommunity", OperatorSchemas.MongoDbCommunity.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", OperatorSchemas.KedaScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", OperatorSchemas.KedaTriggerAuthentication.class));

    /**
     * Strimzi's Java models serve v1beta2 and v1 alike, so they bind fields that kafka.strimzi.io/v1 no longer has
     * (its CRD annotations are not on the classpath to tell); these are the ones a manifest could still carry.
     */
    private static final Map<String, List<String>> REMOVED_IN_STRIMZI_V1 = Map.of(
            "Kafka", List.of("/spec/zookeeper", "/spec/kafka/replicas", "/spec/kafka/storage", "/spec/jmxTrans"),
            "KafkaUser", List.of("/spec/authorization/acls/*/operation"));

    private StrictModels() {
    }

    /** Every violation in the documents, each naming the document and the path of the offending field. */
    static List<String> violations(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (JsonNode document : manifests.documents) {
            violations.addAll(violations(document));
        }
        return violations;
    }

    static List<String> violations(JsonNode document) {
        String id = Manifests.id(document);
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        List<String> violations = new ArrayList<>();
        try {
            Class<?> model = OPERATOR_KINDS.get(key);
            Object bound;
            if (model == null) {
                bound = FABRIC8.unmarshal(document.toString(), KubernetesResource.class);
                if (bound instanceof GenericKubernetesResource) {
                    return List.of(id + ": no model knows " + key);
                }
            } else if (OperatorSchemas.class.equals(model.getEnclosingClass())) {
                bound = OWN_SCHEMAS.treeToValue(document, model);
                violations.addAll(((OperatorSchemas.Checked) bound).violations().stream().map(v -> id + ": " + v).toList());
            } else {
                bound = FABRIC8.unmarshal(document.toString(), model);
                for (String removed : REMOVED_IN_STRIMZI_V1.getOrDefault(document.path("kind").asText(), List.of())) {
                    if (present(document, removed.substring(1).split("/"), 0)) {
                        violations.add(id + ": " + removed + " is not part of kafka.strimzi.io/v1");
                    }
                }
            }
            walk(bound, "", id, violations, new IdentityHashMap<>());
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            violations.add(id + ": does not bind to its model (" + key + "): " + firstLine(e));
        }
        return violations;
    }

    private static boolean present(JsonNode node, String[] path, int index) {
        if (index == path.length) {
            return !node.isMissingNode();
        }
        if (path[index].equals("*")) {
            for (JsonNode element : node) {
                if (present(element, path, index + 1)) {
                    return true;
                }
            }
            return false;
        }
        return present(node.path(path[index]), path, index + 1);
    }

    /** The innermost cause's message (fabric8 wraps Jackson's precise one in "An error has occurred."). */
    private static String firstLine(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void walk(Object value, String path, String id, List<String> violations, Map<Object, Object> seen) {
        if (value == null || isLeaf(value.getClass()) || seen.put(value, value) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", id, violations, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getValue(), path + "." + entry.getKey(), id, violations, seen);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!isModel(type)) {
            return;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                walk(invoke(component.getAccessor(), value), path + "." + component.getName(), id, violations, seen);
            }
            return;
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(getter, value);
                if (extra instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    violations.add(id + ": unknown field(s) or wrong type at " + (path.isEmpty() ? "." : path)
                            + ": " + unknown.keySet());
                }
            } else if (name.startsWith("get") && name.length() > 3 && !isLeaf(getter.getReturnType())) {
                walk(invoke(getter, value), path + "." + decapitalize(name.substring(3)), id, violations, seen);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.strimzi.api")
                || name.startsWith("dev.tandem.k8s");
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || CharSequence.class.isAssignableFrom(type)
                || Number.class.isAssignableFrom(type) || type == Boolean.class || type == Class.class
                || Set.of("io.fabric8.kubernetes.api.model.Quantity", "io.fabric8.kubernetes.api.model.IntOrString")
                        .contains(type.getName());
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;
        }
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
