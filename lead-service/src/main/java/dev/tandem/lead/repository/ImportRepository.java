package dev.tandem.lead.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.tandem.lead.ImportReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

import java.util.List;
import java.util.Optional;

/** The {@value #COLLECTION} collection: one progress document per CSV import. */
@ApplicationScoped
public class ImportRepository {

    public static final String COLLECTION = "imports";

    @Inject
    LeadsDatabase database;

    MongoCollection<Document> collection() {
        return database.collection(COLLECTION);
    }

    public void save(ImportReport report) {
        Document doc = new Document("_id", report.id())
                .append("status", report.status())
                .append("rowsRead", report.rowsRead())
                .append("created", report.created())
                .append("updated", report.updated())
                .append("skipped", report.skipped())
                .append("errorCount", report.errorCount())
                .append("errors", report.errors().stream().map(e -> new Document("line", e.line())
                        .append("field", e.field()).append("message", e.message())).toList())
                .append("startedAt", LeadDocuments.toDate(report.startedAt()))
                .append("finishedAt", LeadDocuments.toDate(report.finishedAt()));
        collection().replaceOne(Filters.eq("_id", report.id()), doc, new ReplaceOptions().upsert(true));
    }

    public Optional<ImportReport> find(String id) {
        Document doc = collection().find(Filters.eq("_id", id)).first();
        if (doc == null) {
            return Optional.empty();
        }
        List<ImportReport.ImportError> errors = doc.getList("errors", Document.class, List.of()).stream()
                .map(e -> new ImportReport.ImportError(e.getInteger("line"), e.getString("field"), e.getString("message")))
                .toList();
        return Optional.of(new ImportReport(id, doc.getString("status"), doc.getInteger("rowsRead"),
                doc.getInteger("created"), doc.getInteger("updated"), doc.getInteger("skipped"), errors,
                doc.getInteger("errorCount"), LeadDocuments.toInstant(doc.get("startedAt")),
                LeadDocuments.toInstant(doc.get("finishedAt"))));
    }
}
