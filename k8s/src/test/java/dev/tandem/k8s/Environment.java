package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.tandem.k8s.Manifests.elements;

/**
 * The environment a Deployment's first container gets: literal values, values from ConfigMaps (envFrom and
 * configMapKeyRef, resolved against the rendered ConfigMaps) and references to Secret keys (value {@code secret:name/key}).
 */
record Environment(Map<String, String> values) {

    static Environment of(Manifests manifests, JsonNode deployment) {
        Map<String, String> values = new TreeMap<>();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        for (JsonNode from : elements(container.path("envFrom"))) {
            String configMap = from.path("configMapRef").path("name").asText(null);
            if (configMap != null) {
                manifests.find("ConfigMap", configMap).ifPresent(map ->
                        map.path("data").fields().forEachRemaining(e -> values.put(from.path("prefix").asText("") + e.getKey(), e.getValue().asText())));
            }
            String secret = from.path("secretRef").path("name").asText(null);
            if (secret != null) {
                values.put("*secret:" + secret, "secret:" + secret);
            }
        }
        for (JsonNode env : elements(container.path("env"))) {
            String name = env.path("name").asText();
            JsonNode from = env.path("valueFrom");
            if (env.has("value")) {
                values.put(name, env.path("value").asText());
            } else if (from.has("secretKeyRef")) {
                values.put(name, "secret:" + from.path("secretKeyRef").path("name").asText() + "/" + from.path("secretKeyRef").path("key").asText());
            } else if (from.has("configMapKeyRef")) {
                String map = from.path("configMapKeyRef").path("name").asText();
                String key = from.path("configMapKeyRef").path("key").asText();
                values.put(name, manifests.find("ConfigMap", map).map(m -> m.path("data").path(key).asText(null)).orElse(null));
            } else if (from.has("fieldRef") || from.has("resourceFieldRef")) {
                values.put(name, "field:" + from);
            }
        }
        values.values().removeIf(java.util.Objects::isNull);
        return new Environment(values);
    }

    /** The Secret an environment variable is taken from. */
    Optional<String> secretOf(String name) {
        String value = values.get(name);
        if (value == null || !value.startsWith("secret:")) {
            return Optional.empty();
        }
        return Optional.of(value.substring("secret:".length()).replaceFirst("/.*$", ""));
    }
}
