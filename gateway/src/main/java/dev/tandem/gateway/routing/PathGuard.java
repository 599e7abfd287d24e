package dev.tandem.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Vets the raw request path before any route is chosen. The gateway matches routes on the raw segments and passes
 * the same raw path on, so anything an upstream (or a framework in front of it) could decode or normalise into a
 * different path is refused: dot segments, empty segments, backslashes, and percent-encoded dots, slashes,
 * backslashes and percent signs (double encoding). What passes reads the same to the gateway and to the upstream.
 */
public final class PathGuard {

    private PathGuard() {
    }

    /** Why {@code rawPath} is refused, or null when it may be routed. */
    public static String problemOf(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "must start with /";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "holds a backslash";
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : List.of("%2e", "%2f", "%5c", "%25")) {
            if (lower.contains(encoded)) {
                return "holds an encoded " + switch (encoded) {
                    case "%2e" -> "dot (%2e)";
                    case "%2f" -> "slash (%2f)";
                    case "%5c" -> "backslash (%5c)";
                    default -> "percent sign (%25, double encoding)";
                };
            }
        }
        List<String> segments = segments(rawPath);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(".") || segment.equals("..")) {
                return "holds a dot segment (" + segment + ")";
            }
            if (segment.isEmpty() && i < segments.size() - 1) {
                return "holds an empty segment (//)";
            }
        }
        return null;
    }

    /** The segments of a path after its leading slash; a trailing slash gives a last empty segment. */
    public static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                segments.add(rawPath.substring(start, i));
                start = i + 1;
            }
        }
        return segments;
    }
}
