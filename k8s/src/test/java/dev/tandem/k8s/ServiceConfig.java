package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's application.properties (as the prod profile sees it) asks of the platform: the Kafka topics it
 * consumes and the groups it consumes them in, the dead-letter and outgoing topics it writes, and the environment
 * variables its {@code %prod.} lines read. The topics it publishes through its outbox come from the contracts
 * ({@code events/asyncapi.yaml}: "Produced by ..." on each channel).
 */
record ServiceConfig(String service, Set<String> consumedTopics, Set<String> groups, Set<String> writtenTopics,
        Set<String> prodEnvironment) {

    private static final Pattern INCOMING = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.connector$");
    private static final Pattern OUTGOING = Pattern.compile("^mp\\.messaging\\.outgoing\\.([^.]+)\\.connector$");
    /** An environment variable in a property expression: ${NAME} or ${NAME:default}. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::|})");

    static ServiceConfig of(String service) {
        return of(service, Repository.applicationProperties(service));
    }

    static ServiceConfig of(String service, Path applicationProperties) {
        Properties raw = load(applicationProperties);
        Map<String, String> prod = new LinkedHashMap<>();
        Set<String> environment = new TreeSet<>();
        for (String key : raw.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                prod.putIfAbsent(key, raw.getProperty(key));
            }
        }
        for (String key : raw.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), raw.getProperty(key));
                Matcher reference = ENV_REFERENCE.matcher(raw.getProperty(key));
                while (reference.find()) {
                    environment.add(reference.group(1));
                }
            }
        }
        Set<String> consumed = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> written = new TreeSet<>(Contracts.topicsProducedBy(service));
        for (String key : prod.keySet()) {
            Matcher incoming = INCOMING.matcher(key);
            if (incoming.matches() && "smallrye-kafka".equals(prod.get(key))) {
                String channel = "mp.messaging.incoming." + incoming.group(1) + ".";
                consumed.add(prod.getOrDefault(channel + "topic", incoming.group(1)));
                groups.add(groupOf(service, prod, channel));
                if ("dead-letter-queue".equals(prod.get(channel + "failure-strategy"))
                        || prod.containsKey(channel + "dead-letter-queue.topic")) {
                    String dlq = prod.get(channel + "dead-letter-queue.topic");
                    if (dlq == null) {
                        throw new IllegalStateException(service + ": " + channel
                                + "dead-letter-queue.topic must be set (the connector's default name has no topic)");
                    }
                    written.add(dlq);
                }
            }
            Matcher outgoing = OUTGOING.matcher(key);
            if (outgoing.matches() && "smallrye-kafka".equals(prod.get(key))) {
                written.add(prod.getOrDefault("mp.messaging.outgoing." + outgoing.group(1) + ".topic", outgoing.group(1)));
            }
        }
        return new ServiceConfig(service, consumed, groups, written, environment);
    }

    boolean usesKafka() {
        return !consumedTopics.isEmpty() || !writtenTopics.isEmpty();
    }

    private static String groupOf(String service, Map<String, String> prod, String channel) {
        for (String key : new String[] {channel + "group.id", "mp.messaging.connector.smallrye-kafka.group.id",
                "kafka.group.id", "quarkus.application.name"}) {
            if (prod.containsKey(key)) {
                return prod.get(key);
            }
        }
        throw new IllegalStateException(service + ": " + channel + " has no group.id (nor a connector-wide one)");
    }

    private static Properties load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The producers of each topic, as the contracts state them. */
    static final class Contracts {

        private static final Pattern PRODUCED_BY = Pattern.compile("Produced by ([^.]+)\\.");
        private static Map<String, Set<String>> producers;

        private Contracts() {
        }

        static Set<String> topicsProducedBy(String service) {
            Set<String> topics = new TreeSet<>();
            producers().forEach((topic, services) -> {
                if (services.contains(service)) {
                    topics.add(topic);
                }
            });
            return topics;
        }

        static synchronized Map<String, Set<String>> producers() {
            if (producers == null) {
                try {
                    JsonNode channels = new YAMLMapper()
                            .readTree(Repository.root().resolve("events/asyncapi.yaml").toFile())
                            .path("channels");
                    Map<String, Set<String>> found = new LinkedHashMap<>();
                    channels.forEach(channel -> {
                        Matcher matcher = PRODUCED_BY.matcher(channel.path("description").asText());
                        if (matcher.find()) {
                            Set<String> services = new TreeSet<>();
                            for (String name : matcher.group(1).split(",")) {
                                services.add(name.strip());
                            }
                            found.put(channel.path("address").asText(), services);
                        }
                    });
                    producers = found;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read events/asyncapi.yaml", e);
                }
            }
            return producers;
        }
    }
}
