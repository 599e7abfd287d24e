package dev.tandem.platform.idempotency;

import java.util.Arrays;

/** The answer kept for a key: what a replay sends again, byte for byte. */
public record StoredAnswer(int status, String contentType, String location, byte[] body) {

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredAnswer that && status == that.status
                && java.util.Objects.equals(contentType, that.contentType)
                && java.util.Objects.equals(location, that.location) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(status, contentType, location) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredAnswer[" + status + ", " + contentType + ", " + location + ", " + body.length + " bytes]";
    }
}
