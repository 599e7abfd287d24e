package dev.tandem.lead.rest;

import dev.tandem.lead.ImportReport;
import dev.tandem.lead.service.CsvReader;
import dev.tandem.lead.service.ImportService;
import dev.tandem.lead.service.InvalidInputException;
import dev.tandem.platform.security.Caller;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the CSV body as strict UTF-8 (a byte that is not UTF-8 is a 400, never a mangled name) and runs the
 * import in the request or, asked to respond async, on a background thread after checking the header.
 */
@ApplicationScoped
public class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);

    @Inject
    ImportService imports;

    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lead-import");
        thread.setDaemon(true);
        return thread;
    });

    void stop(@Observes ShutdownEvent stop) {
        background.shutdownNow();
    }

    public ImportReport importCsv(InputStream body, boolean async, Caller actor) {
        try {
            InputStream source = body;
            if (async) {
                source = new ByteArrayInputStream(body.readAllBytes());
            }
            CsvReader csv = new CsvReader(utf8(source));
            List<String> columns = imports.header(csv);
            ImportReport started = imports.start();
            if (!async) {
                return imports.run(started.id(), csv, columns, actor);
            }
            background.execute(() -> {
                try {
                    imports.run(started.id(), csv, columns, actor);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "import %s failed", started.id());
                }
            });
            return started;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "the CSV is not valid UTF-8");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException("body", "the CSV is not valid UTF-8");
            }
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException("body", "the CSV could not be read: " + e.getMessage());
        }
    }

    public ImportReport progress(String importId) {
        return imports.progress(importId);
    }

    private static Reader utf8(InputStream in) {
        return new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }
}
