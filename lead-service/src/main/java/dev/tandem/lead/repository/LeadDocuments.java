package dev.tandem.lead.repository;

import dev.tandem.events.LeadProfile;
import dev.tandem.events.LifecycleStage;
import dev.tandem.lead.Consent;
import dev.tandem.lead.Lead;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.StageChange;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** How a lead is stored: one document per lead, named like the API fields, plus lower-case search keys. */
public final class LeadDocuments {

    public static final String ID = "_id";
    public static final String EMAIL = "email";
    public static final String STAGE = "stage";
    public static final String SCORE = "score";
    public static final String OWNER = "ownerId";
    public static final String SOURCE = "source";
    public static final String CAMPAIGN = "campaign";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LAST_ACTIVITY_AT = "lastActivityAt";
    public static final String VERSION = "version";
    public static final String HISTORY = "history";
    public static final String APPLIED_EVENTS = "appliedEvents";
    public static final String ERASED = "erased";
    public static final String ERASED_AT = "erasedAt";
    public static final String MERGED_INTO = "mergedInto";
    /** On a lead that absorbed others: their ids, so a repeated or interrupted merge never folds one in twice. */
    public static final String MERGED_FROM = "mergedFrom";
    public static final String CONSENT = "consent";
    public static final String ATTRIBUTES = "attributes";
    /** Lower-case copies for prefix search: the Mongo-wire server ignores collations. */
    public static final String FIRST_NAME_KEY = "search.firstName";
    public static final String LAST_NAME_KEY = "search.lastName";
    public static final String COMPANY_KEY = "search.company";

    /** Profile fields, stored under their API names. */
    public static final List<String> PROFILE_FIELDS = List.of("email", "firstName", "lastName", "company", "jobTitle",
            "phone", "country", "timezone", "locale", "companySize", "industry", "source", "campaign", "attributes",
            "consent");

    /** How many applied event ids a lead remembers for deduplication (redeliveries come soon after). */
    public static final int APPLIED_EVENTS_KEPT = 500;

    private LeadDocuments() {
    }

    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** The stored values of the writable fields; null values are left out. */
    public static Document profile(LeadInput input) {
        Document doc = new Document();
        put(doc, "email", normaliseEmail(input.email()));
        put(doc, "firstName", input.firstName());
        put(doc, "lastName", input.lastName());
        put(doc, "company", input.company());
        put(doc, "jobTitle", input.jobTitle());
        put(doc, "phone", input.phone());
        put(doc, "country", input.country());
        put(doc, "timezone", input.timezone());
        put(doc, "locale", input.locale());
        put(doc, "companySize", input.companySize());
        put(doc, "industry", input.industry());
        put(doc, "source", input.source());
        put(doc, "campaign", input.campaign());
        if (input.attributes() != null && !input.attributes().isEmpty()) {
            doc.put("attributes", new Document(input.attributes()));
        }
        if (input.consent() != null) {
            Document consent = new Document();
            put(consent, "email", input.consent().email());
            put(consent, "at", toDate(input.consent().at()));
            put(consent, "source", input.consent().source());
            doc.put("consent", consent);
        }
        return doc;
    }

    /** The search keys derived from a profile document. */
    public static Document searchKeys(Document profile) {
        Document keys = new Document();
        put(keys, "firstName", lower(profile.getString("firstName")));
        put(keys, "lastName", lower(profile.getString("lastName")));
        put(keys, "company", lower(profile.getString("company")));
        return keys;
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static void put(Document doc, String key, Object value) {
        if (value != null) {
            doc.put(key, value);
        }
    }

    public static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant toInstant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }

    public static Document historyEntry(StageChange change) {
        Document doc = new Document();
        put(doc, "from", change.from() == null ? null : change.from().code());
        put(doc, "to", change.to().code());
        put(doc, "cause", change.cause());
        put(doc, "causeEventId", change.causeEventId() == null ? null : change.causeEventId().toString());
        put(doc, "reason", change.reason());
        put(doc, "by", change.by());
        put(doc, "at", toDate(change.at()));
        return doc;
    }

    public static StageChange toStageChange(Document doc) {
        String from = doc.getString("from");
        String causeEventId = doc.getString("causeEventId");
        return new StageChange(from == null ? null : LifecycleStage.fromCode(from),
                LifecycleStage.fromCode(doc.getString("to")), doc.getString("cause"),
                causeEventId == null ? null : UUID.fromString(causeEventId), doc.getString("reason"),
                doc.getString("by"), toInstant(doc.get("at")));
    }

    public static List<StageChange> history(Document doc) {
        List<Document> entries = doc.getList(HISTORY, Document.class, List.of());
        List<StageChange> changes = new ArrayList<>(entries.size());
        entries.forEach(entry -> changes.add(toStageChange(entry)));
        return changes;
    }

    public static LifecycleStage stage(Document doc) {
        return LifecycleStage.fromCode(doc.getString(STAGE));
    }

    public static long version(Document doc) {
        Number version = doc.get(VERSION, Number.class);
        return version == null ? 0 : version.longValue();
    }

    public static Lead toLead(Document doc) {
        Document consent = doc.get(CONSENT, Document.class);
        Document attributes = doc.get(ATTRIBUTES, Document.class);
        Number score = doc.get(SCORE, Number.class);
        return new Lead(
                doc.getString(ID),
                doc.getString("email"),
                doc.getString("firstName"),
                doc.getString("lastName"),
                doc.getString("company"),
                doc.getString("jobTitle"),
                doc.getString("phone"),
                doc.getString("country"),
                doc.getString("timezone"),
                doc.getString("locale"),
                doc.getInteger("companySize"),
                doc.getString("industry"),
                doc.getString("source"),
                doc.getString("campaign"),
                attributes == null ? Map.of() : new LinkedHashMap<>(attributes),
                consent == null ? null : new Consent(consent.getBoolean("email"), toInstant(consent.get("at")),
                        consent.getString("source")),
                stage(doc),
                score == null ? null : score.doubleValue(),
                doc.getString(OWNER),
                toInstant(doc.get(CREATED_AT)),
                toInstant(doc.get(UPDATED_AT)),
                toInstant(doc.get(LAST_ACTIVITY_AT)),
                version(doc));
    }

    /** The writable fields of a stored lead, as a client would send them. */
    public static LeadInput toInput(Lead lead) {
        return new LeadInput(lead.email(), lead.firstName(), lead.lastName(), lead.company(), lead.jobTitle(),
                lead.phone(), lead.country(), lead.timezone(), lead.locale(), lead.companySize(), lead.industry(),
                lead.source(), lead.campaign(), lead.attributes().isEmpty() ? null : lead.attributes(),
                lead.consent());
    }

    /** What other services may know of the lead (LeadCreated / LeadUpdated). */
    public static LeadProfile toProfile(Lead lead) {
        return new LeadProfile(lead.email(), lead.firstName(), lead.lastName(), lead.company(), lead.jobTitle(),
                lead.phone(), lead.country(), lead.timezone(), lead.locale(), lead.companySize(), lead.industry(),
                lead.source(), lead.campaign(), lead.attributes(),
                lead.consent() == null ? null : lead.consent().email(), lead.stage(), lead.ownerId());
    }
}
