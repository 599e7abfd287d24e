package dev.tandem.lead;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** Progress, then outcome, of a CSV import. {@code errors} lists at most the first 1,000 bad cells or rows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportReport(String id, String status, int rowsRead, int created, int updated, int skipped,
                           List<ImportError> errors, int errorCount, Instant startedAt, Instant finishedAt) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** One problem of one CSV line. */
    public record ImportError(int line, String field, String message) {
    }
}
