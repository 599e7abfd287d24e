package dev.tandem.nurture;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** An email template; {@code locales} is the JSON of {@link TemplateContent} per locale. */
@Entity
@jakarta.persistence.Table(name = "template")
public class Template {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "default_locale", nullable = false)
    public String defaultLocale;

    @Column(nullable = false)
    public String locales;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
