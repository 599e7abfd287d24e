package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.tandem.k8s.Manifests.elements;
import static dev.tandem.k8s.Manifests.id;
import static dev.tandem.k8s.Manifests.name;

/**
 * The rules every workload of the suite is held to (issue 19 §1 and §4). Each check returns violations that name the
 * object and what is wrong, so that a broken fixture can show which rule caught it.
 */
final class WorkloadPolicy {

    /** Names that hold credentials: their values must come from a Secret, never from a manifest. */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|SECRET|TOKEN|JAAS|PRIVATE|CREDENTIAL|API_?KEY|HMAC|_KEY$).*");

    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    /** Seconds a service needs after SIGTERM: Kafka consumers commit, outbox relays flush (5-10 s delivery timeout). */
    static final int SHUTDOWN_SECONDS = 30;

    /** Metaspace, code cache, thread stacks and Netty/Kafka buffers beside the heap of a service (RSS less heap seen locally). */
    static final long NON_HEAP_BYTES = 256L << 20;

    private WorkloadPolicy() {
    }

    static List<String> violations(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        violations.addAll(noLiteralSecrets(manifests));
        violations.addAll(defaultDeny(manifests));
        violations.addAll(ingressOnlyToGateway(manifests));
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            violations.addAll(workload(manifests, deployment));
        }
        for (String kind : List.of("StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet")) {
            for (JsonNode other : manifests.ofKind(kind)) {
                violations.add(id(other) + ": stores run through their operators and services as Deployments");
            }
        }
        return violations;
    }

    static List<String> workload(Manifests manifests, JsonNode deployment) {
        List<String> v = new ArrayList<>();
        String id = id(deployment);
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode podSpec = pod.path("spec");
        JsonNode podSecurity = podSpec.path("securityContext");
        if (!podSpec.path("automountServiceAccountToken").isBoolean() || podSpec.path("automountServiceAccountToken").asBoolean()) {
            v.add(id + ": automountServiceAccountToken must be false on the pod");
        }
        String account = podSpec.path("serviceAccountName").asText("");
        if (account.isEmpty() || account.equals("default")) {
            v.add(id + ": needs a service account of its own");
        } else {
            Optional<JsonNode> sa = manifests.find("ServiceAccount", account);
            if (sa.isEmpty()) {
                v.add(id + ": service account " + account + " is not in the manifests");
            } else if (sa.get().path("automountServiceAccountToken").asBoolean(true)) {
                v.add(id + ": ServiceAccount/" + account + " must set automountServiceAccountToken: false");
            }
        }
        if (!podSecurity.path("runAsNonRoot").asBoolean(false)) {
            v.add(id + ": pod securityContext.runAsNonRoot must be true");
        }
        if (!"RuntimeDefault".equals(podSecurity.path("seccompProfile").path("type").asText())) {
            v.add(id + ": pod securityContext.seccompProfile.type must be RuntimeDefault");
        }
        Set<String> spreadKeys = new HashSet<>();
        elements(podSpec.path("topologySpreadConstraints")).forEach(c -> spreadKeys.add(c.path("topologyKey").asText()));
        for (String key : List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone")) {
            if (!spreadKeys.contains(key)) {
                v.add(id + ": topologySpreadConstraints must spread over " + key);
            }
        }
        Set<String> emptyDirs = new HashSet<>();
        elements(podSpec.path("volumes")).forEach(volume -> {
            if (volume.has("emptyDir")) {
                emptyDirs.add(volume.path("name").asText());
            }
        });
        int preStopSeconds = 0;
        List<JsonNode> containers = elements(podSpec.path("containers"));
        if (containers.isEmpty()) {
            v.add(id + ": has no containers");
        }
        for (JsonNode container : containers) {
            String c = id + " container " + container.path("name").asText();
            String image = container.path("image").asText("");
            if (!image.matches(".+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[0-9a-f]{64})?$") && !image.contains("@sha256:")) {
                v.add(c + ": image " + image + " has no fixed tag");
            } else if (image.matches(".*:latest(@.*)?$")) {
                v.add(c + ": image " + image + " uses :latest");
            }
            PROBES.forEach((probe, path) -> {
                JsonNode http = container.path(probe).path("httpGet");
                if (!path.equals(http.path("path").asText())) {
                    v.add(c + ": " + probe + " must be an httpGet on " + path);
                }
            });
            JsonNode resources = container.path("resources");
            for (String need : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                String[] parts = need.split("\\.");
                if (resources.path(parts[0]).path(parts[1]).isMissingNode()) {
                    v.add(c + ": resources." + need + " must be set");
                }
            }
            if (resources.path("requests").has("memory") && resources.path("limits").has("memory")
                    && Quantities.bytes(resources.path("requests").path("memory").asText())
                            > Quantities.bytes(resources.path("limits").path("memory").asText())) {
                v.add(c + ": memory request exceeds its limit");
            }
            String javaOptions = Environment.of(manifests, deployment).values().getOrDefault("JAVA_OPTS_APPEND", "");
            java.util.regex.Matcher xmx = java.util.regex.Pattern.compile("-Xmx(\\d+)([kmgKMG])").matcher(javaOptions);
            if (xmx.find() && resources.path("limits").has("memory")) {
                long heap = Long.parseLong(xmx.group(1)) << switch (Character.toLowerCase(xmx.group(2).charAt(0))) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    default -> 30;
                };
                long limit = Quantities.bytes(resources.path("limits").path("memory").asText());
                if (heap + NON_HEAP_BYTES > limit) {
                    v.add(c + ": heap " + xmx.group() + " and ~" + (NON_HEAP_BYTES >> 20)
                            + " MiB outside it do not fit the memory limit " + resources.path("limits").path("memory").asText());
                }
            }
            JsonNode security = container.path("securityContext");
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                v.add(c + ": readOnlyRootFilesystem must be true");
            }
            if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                v.add(c + ": allowPrivilegeEscalation must be false");
            }
            if (security.path("privileged").asBoolean(false)) {
                v.add(c + ": must not be privileged");
            }
            if (!elements(security.path("capabilities").path("drop")).stream().map(JsonNode::asText).toList().contains("ALL")) {
                v.add(c + ": capabilities must drop ALL");
            }
            if (!elements(security.path("capabilities").path("add")).isEmpty()) {
                v.add(c + ": must not add capabilities");
            }
            String seccomp = security.path("seccompProfile").path("type").asText("RuntimeDefault");
            if (!seccomp.equals("RuntimeDefault")) {
                v.add(c + ": seccompProfile must be RuntimeDefault");
            }
            if (security.has("runAsNonRoot") && !security.path("runAsNonRoot").asBoolean()) {
                v.add(c + ": runAsNonRoot must not be turned off");
            }
            boolean tmp = elements(container.path("volumeMounts")).stream().anyMatch(mount ->
                    mount.path("mountPath").asText().equals("/tmp") && emptyDirs.contains(mount.path("name").asText()));
            if (!tmp) {
                v.add(c + ": /tmp must be a writable emptyDir (the root filesystem is read-only)");
            }
            JsonNode preStop = container.path("lifecycle").path("preStop");
            if (preStop.isMissingNode()) {
                v.add(c + ": needs a preStop pause (endpoints are removed before SIGTERM)");
            } else {
                preStopSeconds = Math.max(preStopSeconds, preStop.path("sleep").path("seconds").asInt(0));
            }
        }
        int grace = podSpec.path("terminationGracePeriodSeconds").asInt(30);
        if (grace < preStopSeconds + SHUTDOWN_SECONDS) {
            v.add(id + ": terminationGracePeriodSeconds " + grace + " must cover the preStop pause (" + preStopSeconds
                    + " s) and " + SHUTDOWN_SECONDS + " s for Kafka commits and outbox flushes");
        }
        Map<String, String> podLabels = labels(pod.path("metadata").path("labels"));
        if (manifests.ofKind("PodDisruptionBudget").stream().noneMatch(pdb -> selects(pdb.path("spec").path("selector"), podLabels))) {
            v.add(id + ": no PodDisruptionBudget selects its pods");
        }
        boolean ingress = false;
        boolean egress = false;
        for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector");
            if (selector.isEmpty() || !selects(selector, podLabels)) {
                continue;
            }
            List<String> types = elements(policy.path("spec").path("policyTypes")).stream().map(JsonNode::asText).toList();
            ingress |= types.contains("Ingress");
            egress |= types.contains("Egress");
        }
        if (!ingress || !egress) {
            v.add(id + ": no NetworkPolicy of its own covers both its ingress and its egress");
        }
        return v;
    }

    static List<String> defaultDeny(Manifests manifests) {
        boolean found = manifests.ofKind("NetworkPolicy").stream().anyMatch(policy -> {
            JsonNode spec = policy.path("spec");
            List<String> types = elements(spec.path("policyTypes")).stream().map(JsonNode::asText).toList();
            return spec.path("podSelector").isEmpty() && types.contains("Ingress") && types.contains("Egress")
                    && elements(spec.path("ingress")).isEmpty() && elements(spec.path("egress")).isEmpty();
        });
        return found ? List.of() : List.of("NetworkPolicy: no default deny (podSelector {}, Ingress and Egress, no rules)");
    }

    /** Only the gateway is reachable from outside: through Gateway API routes over TLS with cert-manager certificates. */
    static List<String> ingressOnlyToGateway(Manifests manifests) {
        List<String> v = new ArrayList<>();
        for (JsonNode ingress : manifests.ofKind("Ingress")) {
            v.add(id(ingress) + ": the edge is Gateway API (Gateway + HTTPRoute), not Ingress");
        }
        List<JsonNode> gateways = manifests.ofKind("Gateway");
        if (gateways.isEmpty()) {
            v.add("Gateway: none, so the gateway cannot be reached from outside");
        }
        Set<String> plainListeners = new HashSet<>();
        for (JsonNode gateway : gateways) {
            if (!gateway.path("metadata").path("annotations").has("cert-manager.io/cluster-issuer")
                    && !gateway.path("metadata").path("annotations").has("cert-manager.io/issuer")) {
                v.add(id(gateway) + ": its certificates must come from cert-manager (issuer annotation)");
            }
            for (JsonNode listener : elements(gateway.path("spec").path("listeners"))) {
                String protocol = listener.path("protocol").asText();
                String listenerId = id(gateway) + " listener " + listener.path("name").asText();
                if (protocol.equals("HTTP")) {
                    plainListeners.add(Manifests.name(gateway) + "/" + listener.path("name").asText());
                } else if (!protocol.equals("HTTPS") || elements(listener.path("tls").path("certificateRefs")).isEmpty()
                        || listener.path("hostname").isMissingNode()) {
                    v.add(listenerId + ": must be HTTPS with a hostname and a certificate");
                }
                if (!listener.path("allowedRoutes").path("namespaces").path("from").asText("Same").equals("Same")) {
                    v.add(listenerId + ": must take routes from its own namespace only");
                }
            }
        }
        Set<String> paths = new HashSet<>();
        for (JsonNode route : manifests.ofKind("HTTPRoute")) {
            boolean plain = elements(route.path("spec").path("parentRefs")).stream().anyMatch(parent ->
                    plainListeners.contains(parent.path("name").asText() + "/" + parent.path("sectionName").asText())
                            || parent.path("sectionName").isMissingNode());
            for (JsonNode rule : elements(route.path("spec").path("rules"))) {
                List<JsonNode> backends = elements(rule.path("backendRefs"));
                if (plain && (!backends.isEmpty() || elements(rule.path("filters")).stream()
                        .noneMatch(f -> f.path("type").asText().equals("RequestRedirect")))) {
                    v.add(id(route) + ": on plain HTTP a route may only redirect to HTTPS");
                }
                for (JsonNode backend : backends) {
                    if (!backend.path("name").asText().equals("gateway") || backend.has("namespace")) {
                        v.add(id(route) + ": routes to " + backend.path("name").asText()
                                + ", only the gateway may be reached from outside");
                    }
                }
                if (!backends.isEmpty()) {
                    elements(rule.path("matches")).forEach(match -> paths.add(match.path("path").path("value").asText()));
                }
            }
        }
        for (String needed : List.of("/", "/t/")) {
            if (!paths.contains(needed)) {
                v.add("HTTPRoute: none serves " + needed + " from the gateway");
            }
        }
        for (JsonNode service : manifests.ofKind("Service")) {
            String type = service.path("spec").path("type").asText("ClusterIP");
            if (!type.equals("ClusterIP")) {
                v.add(id(service) + ": type " + type + " exposes it outside the cluster");
            }
        }
        return v;
    }

    static List<String> noLiteralSecrets(Manifests manifests) {
        List<String> v = new ArrayList<>();
        for (JsonNode secret : manifests.ofKind("Secret")) {
            v.add(id(secret) + ": secrets are created in the cluster (README), never committed");
        }
        for (JsonNode configMap : manifests.ofKind("ConfigMap")) {
            Iterator<String> keys = configMap.path("data").fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                if (isCredentialLiteral(key, configMap.path("data").path(key).asText())) {
                    v.add(id(configMap) + ": " + key + " looks like a credential; take it from a Secret");
                }
            }
        }
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            for (JsonNode container : elements(deployment.path("spec").path("template").path("spec").path("containers"))) {
                for (JsonNode env : elements(container.path("env"))) {
                    String name = env.path("name").asText();
                    if (env.has("value") && isCredentialLiteral(name, env.path("value").asText())) {
                        v.add(id(deployment) + ": " + name + " has a literal value; take it from a Secret");
                    }
                }
            }
        }
        return v;
    }

    /** A credential-like name with a value that could be the credential (a switch or a file path cannot). */
    static boolean isCredentialLiteral(String name, String value) {
        return SECRET_NAME.matcher(name).matches() && !value.matches("true|false|/[^\\s]*");
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new java.util.TreeMap<>();
        node.fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }

    /** Whether a label selector (matchLabels only: matchExpressions are not used here) selects these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions")) {
            throw new IllegalStateException("matchExpressions are not used in these manifests: " + selector);
        }
        return labels(selector.path("matchLabels")).entrySet().stream()
                .allMatch(required -> required.getValue().equals(labels.get(required.getKey())));
    }
}
