package dev.tandem.nurture.service;

import dev.tandem.nurture.config.NurtureConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * The signed public links of a message: open pixel, click redirect and unsubscribe. Each signature is an
 * HMAC-SHA256 (truncated to 128 bits) over the link's kind, the message id and, for a click, the exact target URL,
 * so a link cannot be pointed elsewhere or moved to another message.
 */
@ApplicationScoped
public class TrackingTokens {

    private final byte[] key;
    private final String base;

    public TrackingTokens(NurtureConfig config) {
        if (config.tracking().key().length() < 32) {
            throw new IllegalStateException("tandem.nurture.tracking.key must have at least 32 characters");
        }
        this.key = config.tracking().key().getBytes(StandardCharsets.UTF_8);
        String url = config.publicBaseUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Everything under this prefix is one of our own links and is never rewritten. */
    public String prefix() {
        return base + "/t/";
    }

    public String clickUrl(UUID messageId, String target) {
        return base + "/t/c/" + messageId + "/" + sign("c|" + messageId + "|" + target) + "?u="
                + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    public String openUrl(UUID messageId) {
        return base + "/t/o/" + messageId + "/" + sign("o|" + messageId) + ".gif";
    }

    public String unsubscribeUrl(UUID messageId) {
        return base + "/t/u/" + messageId + "/" + sign("u|" + messageId);
    }

    public boolean validClick(UUID messageId, String target, String signature) {
        return matches(sign("c|" + messageId + "|" + target), signature);
    }

    public boolean validOpen(UUID messageId, String signature) {
        return matches(sign("o|" + messageId), signature);
    }

    public boolean validUnsubscribe(UUID messageId, String signature) {
        return matches(sign("u|" + messageId), signature);
    }

    private static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
