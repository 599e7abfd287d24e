package dev.tandem.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository the module lives in, and the service folders in it. */
final class Repository {

    /** Every service the manifests deploy; a folder that does not exist yet is skipped by the derived checks. */
    static final List<String> SERVICES =
            List.of("lead-service", "scoring-service", "nurture-service", "feedback-service", "gateway");

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("tandem.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    /** Top-level {@code *-service} and {@code gateway} folders with an application.properties, sorted. */
    static List<String> serviceFolders() {
        try (Stream<Path> children = Files.list(root())) {
            return children
                    .filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> name.endsWith("-service") || name.equals("gateway"))
                    .filter(name -> Files.exists(applicationProperties(name)))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }
}
