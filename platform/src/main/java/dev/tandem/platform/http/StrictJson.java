package dev.tandem.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tandem.events.IsoInstants;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The JSON reading rules of every service's edge: a body means exactly what it says or is refused with a 400 naming
 * the field. Nothing after the document, no duplicate keys, no numbers or booleans taken as strings (nor strings as
 * numbers, floats as integers, numbers as enums), no null for a primitive, no Infinity, instants as ISO-8601 text in
 * years 0001..9999 only, and nesting at most {@link #MAX_NESTING_DEPTH} deep. The bytes themselves are checked by
 * {@link StrictJsonBodies}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Deep enough for any Tandem body (a scoring model nests six levels); Jackson's default is 1,000. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** No Tandem number needs more digits; Jackson's default is 1,000. */
    public static final int MAX_NUMBER_LENGTH = 100;

    /** Applied after Quarkus's own customizers, so these deserializers win over the JavaTimeModule's. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build());
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("tandem-strict-json")
                .addDeserializer(Double.class, new FiniteDouble(Double.class, null))
                .addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0))
                .addDeserializer(Instant.class, new EdgeInstant()));
    }

    /** A value refused by one of these rules, with the reason as its message. */
    public static class RefusedValue extends InvalidFormatException {
        public RefusedValue(JsonParser parser, String reason, Object value, Class<?> type) {
            super(parser, reason, value, type);
        }
    }

    /** A double that is a number: 1e400 reads as Infinity in Jackson, which no store or client should get. */
    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = super.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value)) {
                throw new RefusedValue(p, "must be a finite number", p.getText(), Double.class);
            }
            return value;
        }
    }

    /**
     * An instant as ISO-8601 text ({@code 2026-04-01T09:30:00Z}, an offset allowed) in years 0001..9999. Not a
     * number: Jackson's own reads 1700000000 as epoch seconds, a silent guess.
     */
    static final class EdgeInstant extends StdScalarDeserializer<Instant> {
        EdgeInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().strip();
            Instant instant;
            try {
                instant = IsoInstants.parse(text);
            } catch (DateTimeException e) {
                throw new RefusedValue(p, "must be an ISO-8601 instant such as 2026-04-01T09:30:00Z", text, Instant.class);
            }
            if (!IsoInstants.inSupportedRange(instant)) {
                throw new RefusedValue(p, "must lie in the years 0001 to 9999", text, Instant.class);
            }
            return instant;
        }
    }
}
