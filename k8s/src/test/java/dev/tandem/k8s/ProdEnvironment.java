package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every environment variable a service's {@code %prod} configuration reads is set by its Deployment (literally, from
 * its ConfigMap or from a Secret), and every service folder of the repository has a Deployment: a new service or a
 * new {@code %prod.x=${NEW_VARIABLE}} line fails this until the manifests provide it.
 */
final class ProdEnvironment {

    private ProdEnvironment() {
    }

    static List<String> violations(Manifests manifests, Map<String, ServiceConfig> services) {
        List<String> v = new ArrayList<>();
        services.forEach((service, config) -> {
            Optional<JsonNode> deployment = manifests.find("Deployment", service);
            if (deployment.isEmpty()) {
                v.add("Deployment: none for " + service + " (a service folder of the repository)");
                return;
            }
            Set<String> provided = Environment.of(manifests, deployment.get()).values().keySet();
            Set<String> missing = new TreeSet<>(config.prodEnvironment());
            missing.removeAll(provided);
            if (!missing.isEmpty()) {
                v.add("Deployment/" + service + ": does not set " + missing + ", which its %prod configuration reads");
            }
        });
        return v;
    }
}
