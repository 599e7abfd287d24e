package dev.tandem.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/** The documents a kustomization renders to, with look-ups by kind and name. */
final class Manifests {

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();

    final Path source;
    final List<JsonNode> documents;

    private Manifests(Path source, List<JsonNode> documents) {
        this.source = source;
        this.documents = documents;
    }

    /** An overlay of k8s/overlays, rendered once per test run. */
    static Manifests overlay(String name) {
        return of(Repository.k8s().resolve("overlays").resolve(name));
    }

    static Manifests of(Path kustomization) {
        return RENDERED.computeIfAbsent(kustomization, dir -> parse(dir, Kubectl.kustomize(dir)));
    }

    static Manifests parse(Path source, String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readerFor(JsonNode.class).readValues(yaml).forEachRemaining(node -> {
                JsonNode document = (JsonNode) node;
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            });
            return new Manifests(source, List.copyOf(documents));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable YAML from " + source + ": " + e.getMessage(), e);
        }
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    static String id(JsonNode document) {
        return document.path("kind").asText() + "/" + name(document);
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
