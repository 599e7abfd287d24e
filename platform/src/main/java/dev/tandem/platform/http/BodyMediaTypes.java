package dev.tandem.platform.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The media types each body endpoint takes ({@code @Consumes}), for 415 answers that name them. JAX-RS matches a
 * request without a Content-Type to any {@code @Consumes} (a CSV import ran on a body sent with none), so such a
 * request to a body endpoint is refused here; a Content-Type the endpoint does not take is refused by RESTEasy before
 * a method is chosen, and {@link ProblemMappers} names what it takes from {@link #acceptedBy}.
 */
@ApplicationScoped
public class BodyMediaTypes {

    private record Endpoint(String method, Pattern path, String template, List<String> types) {
    }

    @Inject
    BeanManager beans;

    private volatile List<Endpoint> endpoints;

    @ServerRequestFilter
    public Response requireContentType(ResourceInfo resource, HttpHeaders headers, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || headers.getHeaderString(HttpHeaders.CONTENT_TYPE) != null) {
            return null;
        }
        Consumes consumes = consumesOf(method, resource.getResourceClass());
        if (consumes == null) {
            return null;
        }
        return ProblemMappers.respond(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                "the request has no Content-Type; this endpoint takes " + String.join(" or ", consumes.value())), uri);
    }

    /** "application/json" or "text/csv or application/csv" for the endpoint {@code method path} matches, else null. */
    public String acceptedBy(String method, String path) {
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.method().equals(method) && endpoint.path().matcher(path).matches()) {
                return String.join(" or ", endpoint.types());
            }
        }
        return null;
    }

    private static Consumes consumesOf(Method method, Class<?> type) {
        Consumes consumes = method.getAnnotation(Consumes.class);
        return consumes != null || type == null ? consumes : type.getAnnotation(Consumes.class);
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> known = endpoints;
        if (known == null) {
            known = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
                Class<?> type = bean.getBeanClass();
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = verbOf(method);
                    Consumes consumes = consumesOf(method, type);
                    if (verb == null || consumes == null) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    String template = ("/" + root.value() + "/" + (sub == null ? "" : sub.value()))
                            .replaceAll("/+", "/");
                    if (template.length() > 1 && template.endsWith("/")) {
                        template = template.substring(0, template.length() - 1);
                    }
                    known.add(new Endpoint(verb, Pattern.compile(regexOf(template)), template,
                            List.of(consumes.value())));
                }
            }
            // Fewer templates first: /leads/import is matched before /leads/{id}.
            known.sort(Comparator.comparingLong(e -> e.template().chars().filter(c -> c == '{').count()));
            endpoints = known;
        }
        return known;
    }

    private static String verbOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** "/leads/{id}/stage" as a regex; a template's own regex ("{id: [0-9]+}") is taken as written. */
    private static String regexOf(String template) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            regex.append(Pattern.quote(template.substring(at, open)));
            int close = template.indexOf('}', open);
            String inside = template.substring(open + 1, close);
            int colon = inside.indexOf(':');
            regex.append(colon < 0 ? "[^/]+" : "(?:" + inside.substring(colon + 1).trim() + ")");
            at = close + 1;
        }
        return regex.toString();
    }
}
