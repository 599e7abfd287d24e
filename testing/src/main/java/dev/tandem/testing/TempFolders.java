package dev.tandem.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders of tests and benchmarks (brokers' logs, store files). */
public final class TempFolders {

    private TempFolders() {
    }

    /** Best effort: a test's temporary folder left behind is not worth failing the run for. */
    public static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // the OS cleans temp folders eventually
        }
    }
}
