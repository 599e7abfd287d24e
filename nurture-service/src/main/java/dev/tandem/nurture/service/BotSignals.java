package dev.tandem.nurture.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How likely an open or click was a machine (0–1), from the signals security scanners and image proxies leave:
 * seconds since delivery, their user agents, HEAD requests, every link of a message clicked within seconds, and
 * Apple Mail Privacy Protection's prefetch. Independent signals combine as 1 − Π(1 − pᵢ). At 0.5 or more an event
 * does not count as human in stats.
 */
public final class BotSignals {

    public static final double HUMAN_BELOW = 0.5;

    private static final List<String> SCANNERS = List.of("barracuda", "mimecast", "proofpoint", "forcepoint",
            "symantec", "messagelabs", "trendmicro", "cisco", "ironport", "safelinks", "microsoft office protection",
            "bot", "spider", "crawler", "scanner", "python-requests", "python-urllib", "curl/", "wget", "go-http-client",
            "java/", "okhttp", "headlesschrome", "phantomjs");
    private static final List<String> IMAGE_PROXIES = List.of("googleimageproxy", "yahoomailproxy", "ggpht.com",
            "outlook-ios-imageproxy");

    private BotSignals() {
    }

    /** The facts about one request. */
    public record Request(String kind, String method, String userAgent, Duration sinceDelivery,
                          int otherLinksClickedWithin10s, int linksInMessage) {
    }

    public static double confidence(Request request) {
        String agent = request.userAgent() == null ? "" : request.userAgent().toLowerCase(Locale.ROOT);
        double human = 1.0;
        if (agent.isBlank()) {
            human *= 1 - 0.6;
        }
        if (SCANNERS.stream().anyMatch(agent::contains)) {
            human *= 1 - 0.9;
        }
        if (IMAGE_PROXIES.stream().anyMatch(agent::contains)) {
            human *= 1 - 0.7;
        }
        if ("HEAD".equalsIgnoreCase(request.method())) {
            human *= 1 - 0.8;
        }
        if (request.sinceDelivery() != null) {
            long seconds = request.sinceDelivery().toSeconds();
            if (seconds < 2) {
                human *= 1 - 0.8;
            } else if (seconds < 10) {
                human *= 1 - 0.5;
            } else if (seconds < 60) {
                human *= 1 - 0.2;
            }
        }
        if ("click".equals(request.kind()) && request.linksInMessage() > 1
                && request.otherLinksClickedWithin10s() + 1 >= request.linksInMessage()) {
            human *= 1 - 0.9;
        }
        // Apple Mail Privacy Protection fetches every image through a proxy that sends a bare "Mozilla/5.0".
        if ("open".equals(request.kind()) && agent.equals("mozilla/5.0")) {
            human *= 1 - 0.7;
        }
        double bot = 1 - human;
        return Math.round(bot * 1000) / 1000.0;
    }
}
