package dev.tandem.nurture.sending;

import dev.tandem.nurture.config.NurtureConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hands one message to SMTP through Quarkus Mailer (pooled connections, DKIM when configured): multipart
 * text + HTML in UTF-8, our Message-ID, and for campaign mail the RFC 8058 headers.
 */
@ApplicationScoped
public class MailSender {

    @Inject
    Mailer mailer;

    @Inject
    NurtureConfig config;

    public String messageIdHeader(java.util.UUID messageId) {
        return "<" + messageId + "@" + config.messageIdDomain() + ">";
    }

    /** Sends and returns when the server accepted the message; an {@link SmtpFailure} otherwise. */
    public void send(OutgoingMail mail) {
        Mail message = new Mail()
                .setFrom(address(mail.fromName(), mail.fromAddress()))
                .addTo(mail.to())
                .setSubject(mail.subject())
                .setText(mail.text())
                .setHtml(mail.html())
                .addHeader("Message-ID", messageIdHeader(mail.messageId()));
        if (mail.replyTo() != null && !mail.replyTo().isBlank()) {
            message.addReplyTo(mail.replyTo());
        }
        if (mail.unsubscribeUrl() != null) {
            message.addHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">, <mailto:"
                    + config.unsubscribeMailto() + "?subject=unsubscribe%20" + mail.messageId() + ">");
            message.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        try {
            mailer.send(message);
        } catch (RuntimeException e) {
            throw SmtpFailure.classify(e);
        }
    }

    private static String address(String name, String email) {
        if (name == null || name.isBlank()) {
            return email;
        }
        // RFC 2047 encoding of a Japanese display name is left to the mail client (Vert.x mail encodes it).
        return name.replace("\"", "") + " <" + email + ">";
    }
}
