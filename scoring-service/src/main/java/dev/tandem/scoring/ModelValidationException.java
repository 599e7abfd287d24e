package dev.tandem.scoring;

import dev.tandem.platform.http.FieldError;
import java.util.List;

/** A model that must not be stored or published; names every problem found, not only the first. */
public class ModelValidationException extends RuntimeException {

    private final transient List<FieldError> errors;

    public ModelValidationException(List<FieldError> errors) {
        super(errors.size() + " problem(s) in the model, first: " + errors.get(0).field() + " " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
