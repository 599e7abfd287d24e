package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.tandem.k8s.Manifests.elements;
import static dev.tandem.k8s.Manifests.id;

/**
 * Least privilege on the network (issue 19 §4), derived from what each Deployment is configured to talk to: a
 * service's policy lets in only the gateway (and Prometheus for /q/metrics), the gateway only the Gateway API proxies,
 * Prometheus and the services fetching its JWKS; egress goes only to DNS, Kafka (if it has a bootstrap address), its
 * own database (the one its connection secret names), SMTP (if it has a mailer host), the gateway's JWKS (if it
 * verifies tokens) and, for the gateway, its upstreams. Every allowed peer must be needed and every needed one
 * allowed.
 */
final class ServiceNetwork {

    static final int JWKS_PORT = 8080;
    /** Where the Gateway API implementation (Envoy Gateway) runs its proxies. */
    static final String EDGE_NAMESPACE = "envoy-gateway-system";
    static final Set<Integer> SMTP_PORTS = Set.of(25, 465, 587);
    private static final java.util.regex.Pattern UPSTREAM_URL =
            java.util.regex.Pattern.compile("^https?://([a-z0-9-]+)(?::\\d+)?(?:/.*)?$");

    private ServiceNetwork() {
    }

    static List<String> violations(Manifests manifests) {
        List<String> v = new ArrayList<>();
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            v.addAll(violations(manifests, deployment));
        }
        return v;
    }

    static List<String> violations(Manifests manifests, JsonNode deployment) {
        String service = Manifests.name(deployment);
        Optional<JsonNode> found = manifests.find("NetworkPolicy", service);
        if (found.isEmpty()) {
            return List.of(id(deployment) + ": no NetworkPolicy/" + service);
        }
        JsonNode policy = found.get();
        String pid = id(policy);
        Map<String, String> env = Environment.of(manifests, deployment).values();
        boolean gateway = service.equals("gateway");
        List<String> v = new ArrayList<>();

        for (JsonNode rule : elements(policy.path("spec").path("ingress"))) {
            if (elements(rule.path("from")).isEmpty()) {
                v.add(pid + ": an ingress rule without 'from' admits every pod");
            }
            for (JsonNode peer : elements(rule.path("from"))) {
                boolean allowed = isPrometheus(peer)
                        || (!gateway && isPods(peer, "app.kubernetes.io/name", "gateway"))
                        || (gateway && isNamespace(peer, EDGE_NAMESPACE))
                        || (gateway && isPods(peer, "app.kubernetes.io/name", null)
                                && verifiesTokens(manifests, peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()));
                if (!allowed) {
                    v.add(pid + ": ingress from " + peer + " is not needed");
                }
            }
        }

        Set<String> needed = new LinkedHashSet<>();
        needed.add("dns");
        if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
            needed.add("kafka");
        }
        if (env.containsKey("QUARKUS_MONGODB_CONNECTION_STRING")) {
            needed.add("mongodb");
        }
        Optional<String> database = Environment.of(manifests, deployment).secretOf("QUARKUS_DATASOURCE_JDBC_URL")
                .map(secret -> secret.replaceFirst("-app$", ""));
        database.ifPresent(cluster -> needed.add("postgres " + cluster));
        if (env.containsKey("QUARKUS_MAILER_HOST")) {
            needed.add("smtp");
        }
        if (env.containsKey("MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
            needed.add("jwks");
        }
        // Upstreams: every http URL of its environment that names another Deployment of the suite.
        env.values().forEach(value -> {
            java.util.regex.Matcher url = UPSTREAM_URL.matcher(value);
            if (url.matches() && !url.group(1).equals(service) && manifests.find("Deployment", url.group(1)).isPresent()) {
                needed.add(url.group(1).equals("gateway") ? "jwks" : "upstream " + url.group(1));
            }
        });

        Set<String> allowed = new LinkedHashSet<>();
        for (JsonNode rule : elements(policy.path("spec").path("egress"))) {
            List<Integer> ports = elements(rule.path("ports")).stream().map(p -> p.path("port").asInt()).toList();
            if (elements(rule.path("to")).isEmpty()) {
                v.add(pid + ": an egress rule without 'to' reaches everything");
            }
            if (ports.isEmpty()) {
                v.add(pid + ": an egress rule without ports reaches every port of " + rule.path("to"));
            }
            for (JsonNode peer : elements(rule.path("to"))) {
                String kind = classify(peer, ports);
                if (kind == null || !needed.contains(kind)) {
                    v.add(pid + ": egress to " + peer + " on " + ports + " is not needed");
                } else {
                    allowed.add(kind);
                }
            }
        }
        for (String need : needed) {
            if (!allowed.contains(need)) {
                v.add(pid + ": " + service + " needs egress to " + need);
            }
        }
        return v;
    }

    private static String classify(JsonNode peer, List<Integer> ports) {
        if (isNamespace(peer, "kube-system") && isPods(peer, "k8s-app", "kube-dns") && Set.of(53).containsAll(ports)) {
            return "dns";
        }
        if (!peer.has("namespaceSelector") && peer.path("podSelector").path("matchLabels").has("strimzi.io/cluster")
                && List.of(9093).containsAll(ports)) {
            return "kafka";
        }
        if (isPods(peer, "app", "tandem-mongodb-svc") && List.of(27017).containsAll(ports)) {
            return "mongodb";
        }
        if (isPods(peer, "cnpg.io/cluster", null) && List.of(5432).containsAll(ports)) {
            return "postgres " + peer.path("podSelector").path("matchLabels").path("cnpg.io/cluster").asText();
        }
        if (peer.has("ipBlock") && SMTP_PORTS.containsAll(ports)) {
            return "smtp";
        }
        if (isPods(peer, "app.kubernetes.io/name", "gateway") && List.of(JWKS_PORT).containsAll(ports)) {
            return "jwks";
        }
        if (isPods(peer, "app.kubernetes.io/name", null)) {
            return "upstream " + peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText();
        }
        return null;
    }

    private static boolean verifiesTokens(Manifests manifests, String service) {
        return manifests.find("Deployment", service)
                .map(d -> Environment.of(manifests, d).values().containsKey("MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
                .orElse(false);
    }

    private static boolean isPrometheus(JsonNode peer) {
        return isNamespace(peer, "monitoring") && isPods(peer, "app.kubernetes.io/name", "prometheus");
    }

    private static boolean isNamespace(JsonNode peer, String namespace) {
        return namespace.equals(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText(null));
    }

    /** A peer of pods with this label (any value when {@code value} is null), in this namespace unless a namespace is named. */
    private static boolean isPods(JsonNode peer, String label, String value) {
        JsonNode labels = peer.path("podSelector").path("matchLabels");
        return labels.has(label) && (value == null || value.equals(labels.path(label).asText()))
                && !peer.has("ipBlock");
    }
}
