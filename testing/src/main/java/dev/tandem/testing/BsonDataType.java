package dev.tandem.testing;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * An H2 {@link org.h2.mvstore.type.DataType} for mongo-java-server's keys and documents. H2's default ObjectDataType
 * Java-serialises what it does not know, to store it and also on every comparison of such keys (unique-index keys
 * are {@link KeyValue}s, which are not Comparable). This one stores mongo-java-server's own BSON and compares in
 * MongoDB's order with its {@link ValueComparator}, without serialising.
 */
final class BsonDataType<T> extends BasicDataType<T> {

    /** Not a BSON type: marks {@link Missing}, which H2Collection stores as the key of a document without an id. */
    private static final byte MISSING = 0;

    /**
     * Memory H2 accounts per byte of BSON to size its page cache. A decoded lead document takes ~7x its BSON size on
     * the heap; 4 keeps the cache about as large as ObjectDataType's estimate did (2x the Java-serialised size), with
     * which DevStack's cache size was chosen.
     */
    private static final int HEAP_BYTES_PER_BSON_BYTE = 4;

    private static final Comparator<Object> MONGO_ORDER = ValueComparator.ascWithoutListHandling();

    /** Unique-index keys: one value per indexed field, stored as a BSON array. */
    static final BsonDataType<KeyValue> KEY_VALUES = new BsonDataType<>(KeyValue.class,
            BsonDataType::compareKeyValues, key -> key.stream().toList(), bson -> new KeyValue((List<?>) bson));

    /** Document positions: the data maps' keys and the index maps' values (an id, or {@link Missing}). */
    static final BsonDataType<Object> IDS = new BsonDataType<>(Object.class,
            MONGO_ORDER, Function.identity(), Function.identity());

    static final BsonDataType<Document> DOCUMENTS = new BsonDataType<>(Document.class,
            MONGO_ORDER, document -> document, bson -> (Document) bson);

    private final Class<T> type;
    private final Comparator<? super T> order;
    private final Function<T, Object> toBson;
    private final Function<Object, T> fromBson;

    private BsonDataType(Class<T> type, Comparator<? super T> order, Function<T, Object> toBson,
                         Function<Object, T> fromBson) {
        this.type = type;
        this.order = order;
        this.toBson = toBson;
        this.fromBson = fromBson;
    }

    @Override
    public int compare(T a, T b) {
        if (a == b) {
            return 0;
        }
        int cmp;
        try {
            cmp = order.compare(a, b);
        } catch (UnsupportedOperationException e) {
            cmp = 0; // a type ValueComparator does not order (regular expression, JavaScript): the bytes decide
        }
        if (cmp != 0 || a.equals(b)) {
            return cmp;
        }
        // MongoDB order ties values that are not equal (e.g. 1 and 1L as ids): keep them apart, as ObjectDataType did.
        return Arrays.compare(encode(a), encode(b));
    }

    private static int compareKeyValues(KeyValue a, KeyValue b) {
        int cmp = Integer.compare(a.size(), b.size());
        for (int i = 0; cmp == 0 && i < a.size(); i++) {
            cmp = MONGO_ORDER.compare(a.get(i), b.get(i));
        }
        return cmp;
    }

    @Override
    public int getMemory(T value) {
        // H2 only samples this to size its page cache.
        return HEAP_BYTES_PER_BSON_BYTE * encode(value).length;
    }

    @Override
    public void write(WriteBuffer buffer, T value) {
        buffer.put(encode(value));
    }

    @Override
    public T read(ByteBuffer buffer) {
        ByteBuf in = Unpooled.wrappedBuffer(buffer); // shares the bytes; BSON values carry their own length
        byte bsonType = in.readByte();
        Object value = bsonType == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(bsonType, in);
        buffer.position(buffer.position() + in.readerIndex());
        return fromBson.apply(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T[] createStorage(int size) {
        return (T[]) Array.newInstance(type, size);
    }

    private byte[] encode(T value) {
        Object bson = toBson.apply(value);
        ByteBuf out = Unpooled.buffer();
        if (bson instanceof Missing) {
            out.writeByte(MISSING);
        } else {
            byte bsonType = BsonEncoder.determineType(bson);
            out.writeByte(bsonType);
            BsonEncoder.encodeValue(bsonType, bson, out);
        }
        return ByteBufUtil.getBytes(out);
    }
}
