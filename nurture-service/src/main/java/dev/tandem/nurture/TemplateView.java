package dev.tandem.nurture;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record TemplateView(UUID id, String name, String defaultLocale, Map<String, TemplateContent> locales,
                           long version, Instant createdAt, Instant updatedAt) {
}
