package dev.tandem.nurture.service;

import dev.tandem.nurture.TemplateContent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void everyLinkIsRewrittenButTheUnsubscribeLinkAndValuesAreEscapedInHtml() {
        TemplateContent content = new TemplateContent("{lead.company}様",
                "<p>{lead.company}</p><a href=\"https://a.example/x?p=1&amp;q=2\">a</a> <a href='http://b.example/'>b</a>"
                        + "<a href=\"{unsubscribeUrl}\">stop</a>",
                "see https://a.example/x?p=1&q=2 or {unsubscribeUrl}");
        assertTrue(renderer.check("locales.ja", content).isEmpty(), renderer.check("locales.ja", content).toString());
        Map<String, Object> data = MailData.of(MailData.sample(), null, "c", "https://t.example/t/u/1/sig");
        ((Map<String, Object>) data.get("lead")).put("company", "<b>株式会社</b>");
        TemplateRenderer.Rendered out = renderer.render(content, data, "https://t.example/t/", url -> "https://t.example/t/c/1/s?u=" + url);
        assertEquals("<b>株式会社</b>様", out.subject());
        assertTrue(out.html().contains("&lt;b&gt;株式会社&lt;/b&gt;"), out.html());
        assertTrue(out.html().contains("href=\"https://t.example/t/c/1/s?u=https://a.example/x?p=1&amp;q=2\""), out.html());
        assertTrue(out.html().contains("href='https://t.example/t/c/1/s?u=http://b.example/'"), out.html());
        assertTrue(out.html().contains("href=\"https://t.example/t/u/1/sig\""), out.html());
        assertTrue(out.text().contains("https://t.example/t/c/1/s?u=https://a.example/x?p=1&q=2"), out.text());
        assertTrue(out.text().endsWith("https://t.example/t/u/1/sig"), out.text());
    }

    @Test
    void unparsableTemplatesAreNamedWithTheirPart() {
        var errors = renderer.check("locales.en", new TemplateContent("{#if lead.company}x", "<a href=\"{unsubscribeUrl}\">u</a>",
                "{unsubscribeUrl}"));
        assertEquals("locales.en.subject", errors.get(0).field());
        assertTrue(errors.get(0).message().startsWith("does not parse"), errors.get(0).message());
    }
}
