package dev.tandem.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.events.ScoreReason;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/** A score's top reasons stored as a JSON array [{label, points}] in a text column. */
@Converter
public class ScoreReasonList implements AttributeConverter<List<ScoreReason>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(List<ScoreReason> values) {
        try {
            return values == null || values.isEmpty() ? null : JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<ScoreReason> convertToEntityAttribute(String column) {
        try {
            return column == null ? List.of() : JSON.readValue(column, new TypeReference<List<ScoreReason>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored score reasons are not JSON: " + column, e);
        }
    }
}
