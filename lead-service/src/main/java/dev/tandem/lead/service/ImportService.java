package dev.tandem.lead.service;

import dev.tandem.events.IsoInstants;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.lead.Consent;
import dev.tandem.platform.http.FieldError;
import dev.tandem.lead.ImportReport;
import dev.tandem.lead.ImportReport.ImportError;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.messaging.LeadEventRelay;
import dev.tandem.lead.repository.ImportRepository;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static dev.tandem.lead.repository.LeadDocuments.*;

/**
 * CSV import: the header row names the fields; each row creates a lead or updates the one with its email (only
 * the non-empty cells are written). Rows are checked one by one (a bad row is skipped with its errors) and
 * written in chunks: one lookup and one unordered bulk write per chunk; each lead carries its own event in its
 * outbox, and the chunk's events are handed to the relay from memory.
 */
@ApplicationScoped
public class ImportService {

    static final int CHUNK = 1000;
    static final int MAX_ERRORS_KEPT = 1000;

    private static final Set<String> SIMPLE_COLUMNS = Set.of("email", "firstName", "lastName", "company", "jobTitle",
            "phone", "country", "timezone", "locale", "companySize", "industry", "source", "campaign");
    private static final Set<String> CONSENT_COLUMNS = Set.of("consent.email", "consent.at", "consent.source");
    private static final String ATTRIBUTE_PREFIX = "attributes.";

    @Inject
    LeadService leadService;

    @Inject
    LeadRepository leads;

    @Inject
    ImportRepository imports;

    @Inject
    LeadEventRelay relay;

    /** Checks the header row before anything is written; a bad header fails the whole import with a 400. */
    public List<String> header(CsvReader csv) throws IOException {
        List<String> header = csv.next();
        if (header == null) {
            throw new InvalidInputException("body", "the CSV is empty: a header row naming the fields is required");
        }
        List<String> columns = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            boolean known = SIMPLE_COLUMNS.contains(name) || CONSENT_COLUMNS.contains(name)
                    || (name.startsWith(ATTRIBUTE_PREFIX) && name.length() > ATTRIBUTE_PREFIX.length());
            if (!known) {
                errors.add(new FieldError("header[" + i + "]", "'" + name + "' is not an importable field"));
            } else if (columns.contains(name)) {
                errors.add(new FieldError("header[" + i + "]", "'" + name + "' appears twice"));
            }
            columns.add(name);
        }
        if (!columns.contains("email")) {
            errors.add(new FieldError("header", "an 'email' column is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return columns;
    }

    public ImportReport start() {
        ImportReport report = new ImportReport(UUID.randomUUID().toString(), ImportReport.RUNNING, 0, 0, 0, 0,
                List.of(), 0, Instant.now(), null);
        imports.save(report);
        return report;
    }

    public ImportReport progress(String id) {
        return imports.find(id).orElseThrow(() -> new ImportNotFoundException(id));
    }

    /** Runs an import whose header was read already; returns the final report. */
    public ImportReport run(String importId, CsvReader csv, List<String> columns, Caller actor) {
        Progress progress = new Progress(importId, imports.find(importId).map(ImportReport::startedAt).orElse(Instant.now()));
        Map<String, Row> chunk = new LinkedHashMap<>();
        try {
            List<String> cells;
            while ((cells = csv.next()) != null) {
                int line = csv.recordLine();
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                progress.rowsRead++;
                Row row = parse(line, cells, columns, progress);
                if (row == null) {
                    progress.skipped++;
                    continue;
                }
                if (chunk.containsKey(row.email())) {
                    write(chunk, progress, actor);
                }
                chunk.put(row.email(), row);
                if (chunk.size() >= CHUNK) {
                    write(chunk, progress, actor);
                }
            }
            write(chunk, progress, actor);
            return progress.save(ImportReport.DONE);
        } catch (CsvReader.MalformedCsvException e) {
            // Nothing after an unclosed quote can be read; the rows before it still count.
            write(chunk, progress, actor);
            progress.skipped++;
            progress.error(e.line(), "row", e.getMessage().substring(e.getMessage().indexOf(':') + 2));
            return progress.save(ImportReport.FAILED);
        } catch (IOException | RuntimeException e) {
            progress.error(0, "body", "the import stopped: " + e.getMessage());
            progress.save(ImportReport.FAILED);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    private record Row(int line, String email, LeadInput input, Set<String> present) {
    }

    private Row parse(int line, List<String> cells, List<String> columns, Progress progress) {
        if (cells.size() != columns.size()) {
            progress.error(line, "row", "has " + cells.size() + " cells; the header names " + columns.size());
            return null;
        }
        Map<String, String> values = new HashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = cells.get(i);
            if (value.isEmpty()) {
                continue;
            }
            String column = columns.get(i);
            if (column.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(column.substring(ATTRIBUTE_PREFIX.length()), value);
                present.add("attributes");
            } else {
                values.put(column, value);
                present.add(column.startsWith("consent.") ? "consent" : column);
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Integer companySize = null;
        if (values.containsKey("companySize")) {
            try {
                companySize = Integer.valueOf(values.get("companySize").strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("companySize", "must be an integer"));
            }
        }
        Consent consent = null;
        if (present.contains("consent")) {
            Boolean email = null;
            String given = values.get("consent.email");
            if (given != null) {
                if (given.equalsIgnoreCase("true") || given.equalsIgnoreCase("false")) {
                    email = Boolean.valueOf(given.toLowerCase(java.util.Locale.ROOT));
                } else {
                    errors.add(new FieldError("consent.email", "must be true or false"));
                }
            }
            Instant at = null;
            if (values.get("consent.at") != null) {
                try {
                    at = Instant.parse(values.get("consent.at").strip());
                    if (!IsoInstants.inSupportedRange(at)) {
                        errors.add(new FieldError("consent.at", "must lie in the years 0001 to 9999"));
                        at = null;
                    }
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError("consent.at", "must be an ISO-8601 instant"));
                }
            }
            consent = new Consent(email, at, values.get("consent.source"));
        }
        LeadInput input = new LeadInput(values.get("email"), values.get("firstName"), values.get("lastName"),
                values.get("company"), values.get("jobTitle"), values.get("phone"), values.get("country"),
                values.get("timezone"), values.get("locale"), companySize, values.get("industry"), values.get("source"),
                values.get("campaign"), attributes.isEmpty() ? null : attributes, consent);
        LeadInput checked = null;
        try {
            checked = leadService.check(input);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            errors.forEach(error -> progress.error(line, error.field(), error.message()));
            return null;
        }
        return new Row(line, checked.email(), checked, present);
    }

    /** A lead write of a chunk and the event it carries in the lead's outbox. */
    private record Write(Row row, String leadId, WriteModel<Document> model, PendingEvent event) {
        boolean insert() {
            return model instanceof InsertOneModel;
        }
    }

    private void write(Map<String, Row> chunk, Progress progress, Caller actor) {
        if (chunk.isEmpty()) {
            return;
        }
        Map<String, Document> existing = new HashMap<>();
        for (Document doc : leads.findByEmails(chunk.keySet())) {
            existing.put(doc.getString(EMAIL), doc);
        }
        Instant now = Instant.now();
        List<Write> writes = new ArrayList<>();
        for (Row row : chunk.values()) {
            Document current = existing.get(row.email());
            if (current == null) {
                LeadService.NewLead lead = leadService.newLead(UUID.randomUUID().toString(), row.input(), now, actor);
                writes.add(new Write(row, lead.document().getString(ID), new InsertOneModel<>(lead.document()),
                        lead.created()));
            } else {
                Write update = update(current, row, now);
                if (update == null) {
                    progress.updated++;
                } else {
                    writes.add(update);
                }
            }
        }
        Set<Integer> failed = new HashSet<>();
        if (!writes.isEmpty()) {
            try {
                leads.bulk(writes.stream().map(Write::model).toList());
            } catch (MongoBulkWriteException e) {
                for (BulkWriteError error : e.getWriteErrors()) {
                    failed.add(error.getIndex());
                    String message = error.getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY
                            ? "another lead took this email during the import; retry the row" : error.getMessage();
                    progress.error(writes.get(error.getIndex()).row().line(), "email", message);
                }
            }
        }
        // Published from memory: the relay need not read the chunk back to find what it just wrote.
        Map<String, List<PendingEvent>> written = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            if (failed.contains(i)) {
                progress.skipped++;
            } else {
                if (write.insert()) {
                    progress.created++;
                } else {
                    progress.updated++;
                }
                written.put(write.leadId(), List.of(write.event()));
            }
        }
        relay.publishWritten(written);
        chunk.clear();
        progress.save(ImportReport.RUNNING);
    }

    /** The update writing a row's non-empty cells over a lead, or null when they change nothing. */
    private Write update(Document current, Row row, Instant now) {
        Document given = profile(row.input());
        List<String> changed = new ArrayList<>();
        Document next = new Document(current);
        List<Bson> sets = new ArrayList<>();
        for (String field : row.present()) {
            Object value = given.get(field);
            if (field.equals(ATTRIBUTES) && value instanceof Document attributes) {
                Document merged = new Document();
                Document old = current.get(ATTRIBUTES, Document.class);
                if (old != null) {
                    merged.putAll(old);
                }
                merged.putAll(attributes);
                value = merged;
            }
            if (value != null && !Objects.equals(current.get(field), value)) {
                changed.add(field);
                next.put(field, value);
                sets.add(Updates.set(field, value));
            }
        }
        if (changed.isEmpty()) {
            return null;
        }
        next.put(UPDATED_AT, toDate(now));
        next.put(VERSION, version(current) + 1);
        LeadUpdated event = new LeadUpdated(UUID.randomUUID(), now, current.getString(ID), TandemEvent.SCHEMA_VERSION,
                toProfile(toLead(next)), changed);
        sets.add(Updates.set("search", searchKeys(next)));
        sets.add(Updates.set(UPDATED_AT, toDate(now)));
        sets.add(Updates.inc(VERSION, 1L));
        PendingEvent announced = PendingEvent.of(event);
        sets.add(announced.add());
        String id = current.getString(ID);
        return new Write(row, id, new UpdateOneModel<>(LeadRepository.atVersion(id, version(current)),
                Updates.combine(sets)), announced);
    }

    private final class Progress {
        final String id;
        final Instant startedAt;
        int rowsRead;
        int created;
        int updated;
        int skipped;
        int errorCount;
        final List<ImportError> errors = new ArrayList<>();

        Progress(String id, Instant startedAt) {
            this.id = id;
            this.startedAt = startedAt;
        }

        void error(int line, String field, String message) {
            errorCount++;
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add(new ImportError(line, field, message));
            }
        }

        ImportReport save(String status) {
            ImportReport report = new ImportReport(id, status, rowsRead, created, updated, skipped, List.copyOf(errors),
                    errorCount, startedAt, ImportReport.RUNNING.equals(status) ? null : Instant.now());
            imports.save(report);
            return report;
        }
    }

    /** No import with this id. */
    public static class ImportNotFoundException extends RuntimeException {
        public ImportNotFoundException(String id) {
            super("no import with id '" + id + "'");
        }
    }
}
