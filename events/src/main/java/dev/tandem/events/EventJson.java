package dev.tandem.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * The JSON form of events: ISO-8601 instants, unknown fields ignored (a newer producer may add some),
 * missing required fields rejected with a message naming them.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .registerModule(new SimpleModule().addDeserializer(Instant.class, new CanonicalInstants()));

    private EventJson() {
    }

    /** Instants as this system writes them are read by {@link IsoInstants}; any other form as before. */
    private static final class CanonicalInstants extends StdScalarDeserializer<Instant> {

        CanonicalInstants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = IsoInstants.tryParse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    public static byte[] toBytes(TandemEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("cannot write " + event.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(TandemEvent event) {
        return new String(toBytes(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads an event of the given contract (a record or one of the topic interfaces). */
    public static <T extends TandemEvent> T fromBytes(byte[] json, Class<T> contract) {
        try {
            return MAPPER.readValue(json, contract);
        } catch (ValueInstantiationException e) {
            // The record constructor's own message names the missing field.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventFormatException("invalid " + contract.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new EventFormatException("invalid " + contract.getSimpleName() + ": " + message, e);
        }
    }

    public static <T extends TandemEvent> T fromJson(String json, Class<T> contract) {
        return fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), contract);
    }
}
