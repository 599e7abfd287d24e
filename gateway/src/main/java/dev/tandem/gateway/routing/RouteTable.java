package dev.tandem.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the upstream of an {@code /api} path from configuration only: the leading segments of the (raw, already
 * vetted) path are matched against the configured patterns, the longest pattern winning, so
 * {@code leads/42/feedback} goes to feedback-service while {@code leads/42} goes to lead-service. No part of the
 * request ever names a host.
 */
@ApplicationScoped
public class RouteTable {

    /** A route pattern as segments, its upstream, its silence timeout and its body cap. */
    public record Route(String pattern, List<String> segments, String upstream, Duration timeout, long maxBodyBytes) {

        boolean matches(List<String> path) {
            if (path.size() < segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String expected = segments.get(i);
                if (!expected.equals("*") && !expected.equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    @Inject
    public RouteTable(RoutingConfig config) {
        for (Map.Entry<String, String> entry : config.routes().entrySet()) {
            String pattern = entry.getKey();
            if (!config.upstreams().containsKey(entry.getValue())) {
                throw new IllegalStateException("tandem.gateway.routes.\"" + pattern + "\" names the upstream "
                        + entry.getValue() + ", which has no tandem.gateway.upstreams entry");
            }
            add(new Route(pattern, segmentsOf(pattern), entry.getValue(),
                    config.routeTimeouts().getOrDefault(pattern, config.timeout()),
                    config.largeBodies().getOrDefault(pattern, config.maxBodyBytes())));
        }
        // A path that differs from its owner's route only by a timeout or a body cap (leads/import) is a route too.
        Set<String> special = new TreeSet<>(Comparator.comparingInt((String key) -> segmentsOf(key).size())
                .thenComparing(Comparator.naturalOrder()));
        special.addAll(config.routeTimeouts().keySet());
        special.addAll(config.largeBodies().keySet());
        for (String pattern : special) {
            if (config.routes().containsKey(pattern)) {
                continue;
            }
            Route owner = resolve(segmentsOf(pattern)).orElseThrow(() -> new IllegalStateException(
                    "tandem.gateway: \"" + pattern + "\" has a timeout or a body cap but no route owns it"));
            add(new Route(pattern, segmentsOf(pattern), owner.upstream(),
                    config.routeTimeouts().getOrDefault(pattern, owner.timeout()),
                    config.largeBodies().getOrDefault(pattern, owner.maxBodyBytes())));
        }
    }

    private void add(Route route) {
        routes.add(route);
        // Most segments first; among equals, literal segments before a wildcard.
        routes.sort(Comparator.comparingInt((Route r) -> r.segments().size()).reversed()
                .thenComparing(r -> r.segments().contains("*")));
    }

    private static List<String> segmentsOf(String pattern) {
        return List.of(pattern.split("/"));
    }

    /** The route of a path under {@code /api} given as its segments (without {@code api}). */
    public Optional<Route> resolve(List<String> segments) {
        for (Route route : routes) {
            if (route.matches(segments)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
