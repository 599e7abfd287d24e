package dev.tandem.testing;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmtpResourceTest {

    @Test
    void pointsTheMailerAtARealServerThatKeepsJapaneseIntact() throws Exception {
        Map<String, String> config = new SmtpResource().start();
        assertEquals("false", config.get("quarkus.mailer.mock"));
        SmtpResource.clear();

        Properties props = new Properties();
        props.put("mail.smtp.host", config.get("quarkus.mailer.host"));
        props.put("mail.smtp.port", config.get("quarkus.mailer.port"));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("marketing@example.jp"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("sato@example.jp"));
        message.setSubject("佐藤様へのご案内", "UTF-8");
        message.setText("料金ページをご覧いただきありがとうございます。", "UTF-8");
        Transport.send(message);

        List<MimeMessage> received = SmtpResource.awaitReceived(1, Duration.ofSeconds(5));
        assertEquals("佐藤様へのご案内", received.get(0).getSubject());
        assertEquals("sato@example.jp", received.get(0).getAllRecipients()[0].toString());
    }
}
