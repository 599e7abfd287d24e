package dev.tandem.nurture.service;

/** An unknown id, or one the caller may not see (a sales rep and another rep's lead): answered 404. */
public class NotFoundException extends RuntimeException {

    private final String kind;

    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " not found");
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
