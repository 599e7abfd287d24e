package dev.tandem.nurture.sending;

import java.util.UUID;

/** One message ready for SMTP. {@code unsubscribeUrl} null: no List-Unsubscribe (a test send, an owner notice). */
public record OutgoingMail(UUID messageId, String fromAddress, String fromName, String replyTo, String to,
                           String subject, String html, String text, String unsubscribeUrl) {
}
