package dev.tandem.scoring.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.tandem.platform.outbox.AcknowledgedEvents;
import dev.tandem.platform.outbox.OutboxRelay;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.platform.store.InSlices;
import dev.tandem.platform.store.RetiredIndex;
import dev.tandem.scoring.LeadState;
import dev.tandem.scoring.config.ScoringConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.BsonBinary;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Lead documents of {@code tandem_scoring.leads}, keyed by lead id: {@code rev}, {@code state} (profile, owner,
 * activity history and scores per model as one binary UTF-8 JSON value, see {@link LeadStateJson}) and the outbox of score
 * events, so a score change and its events are one atomic write. Erased leads keep {@code erased: true} and nothing
 * else; leads merged into another also keep that lead's id ({@code mergedInto}).
 *
 * <p>Every write replaces the whole document (this service holds all of it), and the outbox it writes leaves out
 * the events Kafka has acknowledged meanwhile ({@link AcknowledgedEvents}): an active lead's published events go
 * in its next write instead of a removal of their own, which halved the writes per scored activity.
 */
@ApplicationScoped
@RegisterForReflection
public class LeadRepository {

    public static final String COLLECTION = "leads";

    private static final String REV = "rev";
    private static final String ERASED = "erased";
    private static final String STATE = "state";
    private static final String HISTORY = "history";
    private static final String MERGED_INTO = "mergedInto";

    private final MongoCollection<Document> leads;
    private final MongoCollection<StoredLead> writable;
    private final RecentLeads recent;
    private final AcknowledgedEvents acknowledged = new AcknowledgedEvents();
    private final Counter leadsRead;

    @Inject
    public LeadRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                          ScoringConfig config, MeterRegistry meters) {
        this.leads = client.getDatabase(database).getCollection(COLLECTION);
        this.writable = leads.withDocumentClass(StoredLead.class).withCodecRegistry(CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new StoredLeadCodec()), leads.getCodecRegistry()));
        this.recent = new RecentLeads(config.cachedActivities());
        this.leadsRead = meters.counter("tandem.scoring.leads.read");
    }

    /**
     * Writes filter on {@code _id} and {@code rev}: MongoDB finds the lead through the {@code _id} index, and so does
     * the local Mongo-wire server (see testing's {@code IdFirstQueries}). Earlier versions kept a unique
     * {@code (_id, rev)} index for the local server; its upkeep was a large part of the server's time per write.
     */
    void dropRetiredIndexes(@Observes StartupEvent startup) {
        RetiredIndex.drop(leads, "id_rev");
    }

    public MongoCollection<Document> collection() {
        return leads;
    }

    /** What the outbox relay records as published, for {@link #write} to leave out of the next outbox. */
    public AcknowledgedEvents acknowledged() {
        return acknowledged;
    }

    public LeadState find(String leadId) {
        Document document = leads.find(Filters.eq("_id", leadId)).projection(Projections.exclude(OutboxRelay.FIELD))
                .first();
        return document == null ? null : toState(document);
    }

    /**
     * The state of each lead as this service last wrote or read it; leads never seen get {@link LeadState#fresh}.
     * Only leads missing from the cache of recent writes are read, and with {@code cacheReads} what is read joins
     * the cache. A cached state another writer has since changed is harmless: its revision no longer matches, so
     * {@link #write} reports a conflict and the caller loads the lead again (this time from the store). Documents
     * read are counted ({@code tandem_scoring_leads_read_total}): how often the cache did not have a lead.
     */
    public Map<String, LeadState> load(Collection<String> leadIds, boolean cacheReads) {
        Map<String, LeadState> states = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : leadIds) {
            LeadState cached = recent.get(id);
            states.put(id, cached != null ? cached : LeadState.fresh(id));
            if (cached == null) {
                missing.add(id);
            }
        }
        for (List<String> slice : InSlices.of(missing)) {
            leads.find(Filters.in("_id", slice)).forEach(document -> {
                LeadState state = toState(document);
                states.put(state.leadId(), state);
                leadsRead.increment();
                if (cacheReads && !state.erased()) {
                    Binary history = document.get(HISTORY, Binary.class);
                    // A document of the previous format has no history field: its activities are in the state.
                    recent.put(state, history != null ? history.getData() : LeadStateJson.writeHistory(state.activities()));
                }
            });
        }
        return states;
    }

    /**
     * Every live lead in one pass over the collection, handed out {@code size} at a time, in no particular order: how
     * a simulation reads all leads. Paging by id instead made the local server scan and sort the whole collection for
     * every page (115,000 leads in pages of 2,000: 28 s against 1.2 s for one plain read).
     */
    public Iterable<List<LeadState>> liveInChunks(int size) {
        return inChunks(leads.find(Filters.ne(ERASED, true)), size, LeadRepository::toState);
    }

    /**
     * The ids of every live lead, one pass, {@code size} at a time: how rescore and re-evaluation walk all leads (the
     * scoring reads each chunk's leads itself, from its cache or the store). Paging by id sorted the whole collection
     * per page on the local server, and the hourly re-evaluation held every write back for seconds.
     */
    public Iterable<List<String>> liveIdsInChunks(int size) {
        return inChunks(leads.find(Filters.ne(ERASED, true)).projection(Projections.include("_id")), size,
                document -> document.getString("_id"));
    }

    private static <T> Iterable<List<T>> inChunks(FindIterable<Document> query, int size, Function<Document, T> read) {
        return () -> new Iterator<>() {
            // Batches of 1,000: the local server would otherwise send the whole result in one reply, over the
            // driver's limit once histories are long.
            private final MongoCursor<Document> cursor = query.batchSize(1000).iterator();

            @Override
            public boolean hasNext() {
                boolean more = cursor.hasNext();
                if (!more) {
                    cursor.close();
                }
                return more;
            }

            @Override
            public List<T> next() {
                List<T> chunk = new ArrayList<>(size);
                while (chunk.size() < size && cursor.hasNext()) {
                    chunk.add(read.apply(cursor.next()));
                }
                return chunk;
            }
        };
    }

    public long countLive() {
        return leads.countDocuments(Filters.ne(ERASED, true));
    }

    /**
     * Writes every lead in one unordered bulk, each guarded by the revision it was read at. Returns the ids of
     * leads another writer changed meanwhile: nothing was written for them, the caller re-reads and retries.
     */
    public Set<String> write(List<LeadWrite> writes) {
        if (writes.isEmpty()) {
            return Set.of();
        }
        List<WriteModel<StoredLead>> models = new ArrayList<>(writes.size());
        Map<String, LeadState> stored = new LinkedHashMap<>();
        Map<String, byte[]> histories = new LinkedHashMap<>();
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        for (LeadWrite write : writes) {
            String leadId = write.before().leadId();
            Set<String> published = acknowledged.of(leadId);
            List<PendingEvent> outbox = new ArrayList<>();
            for (PendingEvent pending : write.before().outbox()) {
                if (published.contains(pending.eventId())) {
                    leftOut.computeIfAbsent(leadId, id -> new ArrayList<>()).add(pending.eventId());
                } else {
                    outbox.add(pending);
                }
            }
            outbox.addAll(write.events());
            LeadState after = write.after().withOutbox(outbox);
            stored.put(leadId, after);
            byte[] history = after.erased() ? null : history(write);
            histories.put(leadId, history);
            models.add(new ReplaceOneModel<>(
                    // A plain document, not Filters.and (which renders as $and): the local server serves it by _id.
                    new Document("_id", leadId).append(REV, write.before().revision()),
                    new StoredLead(after, after.erased() ? null : LeadStateJson.writeState(after), history),
                    // A stale revision makes the upsert insert a second _id: a duplicate-key error names the lead.
                    new ReplaceOptions().upsert(true)));
        }
        Set<String> conflicts = new HashSet<>();
        try {
            writable.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    writes.forEach(write -> recent.remove(write.before().leadId()));
                    throw e;
                }
                conflicts.add(writes.get(error.getIndex()).before().leadId());
            }
        } catch (RuntimeException e) {
            // Unknown outcome: forget what this batch would have cached.
            writes.forEach(write -> recent.remove(write.before().leadId()));
            throw e;
        }
        stored.forEach((leadId, after) -> {
            if (conflicts.contains(leadId)) {
                recent.remove(leadId);
            } else {
                recent.put(after, histories.get(leadId));
                acknowledged.forget(leadId, leftOut.getOrDefault(leadId, List.of()));
            }
        });
        return conflicts;
    }

    /** The history to store: the stored one with the new activities appended, when this write only adds some. */
    private byte[] history(LeadWrite write) {
        byte[] stored = recent.historyOf(write.before());
        boolean onlyAdds = write.after().activities().size()
                == write.before().activities().size() + write.added().size();
        return stored != null && onlyAdds ? LeadStateJson.appendHistory(stored, write.added())
                : LeadStateJson.writeHistory(write.after().activities());
    }

    /** A lead document as {@link #write} stores it: the state, its JSON and its history (both null when erased). */
    private record StoredLead(LeadState state, byte[] json, byte[] history) {
    }

    /**
     * Writes a lead document field by field straight into the driver's output: the driver then neither walks a
     * {@code Document} through its codecs (~15% of the service's CPU while scoring a backlog) nor copies a document
     * already encoded (a {@code RawBsonDocument} was encoded into a buffer of its own, then copied twice on its way
     * out: a fifth of the bytes this service allocated).
     */
    private static final class StoredLeadCodec implements Codec<StoredLead> {

        @Override
        public void encode(BsonWriter writer, StoredLead lead, EncoderContext context) {
            LeadState state = lead.state();
            writer.writeStartDocument();
            writer.writeString("_id", state.leadId());
            writer.writeInt64(REV, state.revision());
            if (state.erased()) {
                writer.writeBoolean(ERASED, true);
                if (state.mergedInto() != null) {
                    writer.writeString(MERGED_INTO, state.mergedInto());
                }
            } else {
                writer.writeBinaryData(STATE, new BsonBinary(lead.json()));
                writer.writeBinaryData(HISTORY, new BsonBinary(lead.history()));
            }
            PendingEvent.writeOutbox(writer, state.outbox());
            writer.writeEndDocument();
        }

        @Override
        public StoredLead decode(BsonReader reader, DecoderContext context) {
            throw new UnsupportedOperationException("lead documents are read as Document (see toState)");
        }

        @Override
        public Class<StoredLead> getEncoderClass() {
            return StoredLead.class;
        }
    }

    static LeadState toState(Document document) {
        String leadId = document.getString("_id");
        long revision = ((Number) document.get(REV, 0L)).longValue();
        List<PendingEvent> outbox = PendingEvent.of(document);
        if (document.getBoolean(ERASED, false)) {
            return LeadState.tombstone(leadId, revision, document.getString(MERGED_INTO), outbox);
        }
        Object state = document.get(STATE);
        Binary history = document.get(HISTORY, Binary.class);
        // Documents of the previous format hold one JSON string with the activities inside (no history field).
        byte[] json = state instanceof Binary binary ? binary.getData() : ((String) state).getBytes(StandardCharsets.UTF_8);
        return LeadStateJson.read(leadId, revision, json, history == null ? null : history.getData(), outbox);
    }
}
