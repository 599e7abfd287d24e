package dev.tandem.nurture.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.events.BounceType;
import dev.tandem.nurture.config.NurtureConfig;
import dev.tandem.nurture.repository.SendLogRepository;
import dev.tandem.platform.http.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A mail provider's bounce and complaint notifications: {@code {"events": [{"type": "bounce", "messageId", "bounceType":
 * "hard"|"soft", "reason"}, {"type": "complaint", "messageId", "feedbackType"}]}}, signed with
 * {@code X-Tandem-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
@ApplicationScoped
public class WebhookService {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public record Notification(String type, String messageId, String bounceType, String reason, String feedbackType) {
    }

    public record Batch(List<Notification> events) {
    }

    public record Outcome(int applied, int unknownMessages) {
    }

    /** The signature is not that of the body: 401, nothing applied. */
    public static class BadSignatureException extends RuntimeException {
        public BadSignatureException(String message) {
            super(message);
        }
    }

    @Inject
    NurtureConfig config;

    @Inject
    SendLogRepository sendLog;

    @Inject
    BounceService bounces;

    public void verify(byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=")) {
            throw new BadSignatureException("X-Tandem-Signature: sha256=<hex HMAC-SHA256 of the body> is required");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            throw new BadSignatureException("X-Tandem-Signature is not hex");
        }
        if (!MessageDigest.isEqual(hmac(body), given)) {
            throw new BadSignatureException("X-Tandem-Signature does not match the body");
        }
    }

    public byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.webhook().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Batch parse(byte[] body) {
        Batch batch;
        try {
            batch = MAPPER.readValue(body, Batch.class);
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of("body", "is not a notification batch: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw InvalidInputException.of("body", "unreadable");
        }
        List<FieldError> errors = new ArrayList<>();
        if (batch == null || batch.events() == null || batch.events().isEmpty()) {
            throw InvalidInputException.of("events", "needs at least one notification");
        }
        if (batch.events().size() > 1000) {
            throw InvalidInputException.of("events", "at most 1000 notifications per call");
        }
        for (int i = 0; i < batch.events().size(); i++) {
            Notification n = batch.events().get(i);
            String path = "events[" + i + "]";
            if (n == null) {
                errors.add(new FieldError(path, "is required"));
                continue;
            }
            if (!"bounce".equals(n.type()) && !"complaint".equals(n.type())) {
                errors.add(new FieldError(path + ".type", "must be 'bounce' or 'complaint'"));
            }
            if (n.messageId() == null || uuid(n.messageId()) == null) {
                errors.add(new FieldError(path + ".messageId", "is required, the id of a message we sent"));
            }
            if ("bounce".equals(n.type()) && !"hard".equals(n.bounceType()) && !"soft".equals(n.bounceType())) {
                errors.add(new FieldError(path + ".bounceType", "must be 'hard' or 'soft'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return batch;
    }

    @Transactional
    public Outcome apply(Batch batch) {
        int applied = 0;
        int unknown = 0;
        for (Notification n : batch.events()) {
            var message = sendLog.find(uuid(n.messageId()));
            if (message.isEmpty()) {
                unknown++;
                continue;
            }
            if ("bounce".equals(n.type())) {
                bounces.bounce(message.get(), BounceType.fromCode(n.bounceType()), n.reason());
            } else {
                bounces.complaint(message.get(), n.feedbackType() == null ? "abuse" : n.feedbackType());
            }
            applied++;
        }
        return new Outcome(applied, unknown);
    }

    private static UUID uuid(String text) {
        // Message-ID form <uuid@host> or the bare id.
        String id = text.startsWith("<") && text.contains("@") ? text.substring(1, text.indexOf('@')) : text;
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
