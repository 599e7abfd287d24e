package dev.tandem.platform.http;

import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayList;
import java.util.List;

/** One offending input field and what is wrong with it. */
public record FieldError(String field, String message) {

    /** The JSON path Jackson failed at, as {@code consent.at} or {@code [3].type}; empty at the root. */
    public static String pathOf(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                parts.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                parts.add("[" + reference.getIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }
}
