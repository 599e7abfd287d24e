package dev.tandem.nurture;

import java.util.Map;

/** The body of POST/PUT /templates: a name, the default locale ({@code ja} unless given) and the locales' sources. */
public record TemplateInput(String name, String defaultLocale, Map<String, TemplateContent> locales) {
}
