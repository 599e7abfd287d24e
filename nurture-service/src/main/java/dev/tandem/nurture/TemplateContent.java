package dev.tandem.nurture;

/** One locale of a template: Qute sources of the subject, the HTML body and the text body. */
public record TemplateContent(String subject, String html, String text) {
}
