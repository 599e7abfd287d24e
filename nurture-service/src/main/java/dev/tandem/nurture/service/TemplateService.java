package dev.tandem.nurture.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.OwnerProfile;
import dev.tandem.nurture.Step;
import dev.tandem.nurture.Template;
import dev.tandem.nurture.TemplateContent;
import dev.tandem.nurture.TemplateInput;
import dev.tandem.nurture.TemplateView;
import dev.tandem.nurture.config.NurtureConfig;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.nurture.repository.OwnerProfileRepository;
import dev.tandem.nurture.repository.TemplateRepository;
import dev.tandem.nurture.sending.MailSender;
import dev.tandem.nurture.sending.OutgoingMail;
import dev.tandem.platform.http.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

@ApplicationScoped
public class TemplateService {

    public static final Set<String> LOCALES = Set.of("ja", "en");
    static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;]+@[^@\\s\"<>,;]+\\.[^@\\s\"<>,;]+");
    private static final TypeReference<LinkedHashMap<String, TemplateContent>> LOCALE_MAP = new TypeReference<>() {
    };

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Inject
    TemplateRepository templates;

    @Inject
    CampaignRepository campaigns;

    @Inject
    LeadContactRepository leads;

    @Inject
    OwnerProfileRepository owners;

    @Inject
    MailSender mailSender;

    @Inject
    NurtureConfig config;

    @Inject
    Clock clock;

    @Inject
    TrackingTokens tokens;

    public TemplateRenderer renderer() {
        return renderer;
    }

    @Transactional
    public TemplateView create(TemplateInput input) {
        validate(input);
        Template template = new Template();
        template.id = UUID.randomUUID();
        apply(template, input);
        template.createdAt = clock.instant();
        template.updatedAt = template.createdAt;
        templates.persist(template);
        templates.flush();
        return view(template);
    }

    @Transactional
    public TemplateView update(UUID id, TemplateInput input) {
        Template template = find(id);
        validate(input);
        apply(template, input);
        template.updatedAt = clock.instant();
        templates.flush();
        return view(template);
    }

    @Transactional
    public void delete(UUID id) {
        Template template = find(id);
        for (Campaign campaign : campaigns.list("state <> ?1", CampaignState.ARCHIVED)) {
            if (CampaignService.definition(campaign).steps().stream()
                    .anyMatch(s -> s instanceof Step.Email e && id.equals(e.templateId()))) {
                throw new ConflictException("template " + id + " is used by campaign " + campaign.id
                        + " (archive the campaign first)");
            }
        }
        templates.delete(template);
    }

    @Transactional
    public TemplateView get(UUID id) {
        return view(find(id));
    }

    @Transactional
    public List<TemplateView> list() {
        return templates.list("order by name, id").stream().map(TemplateService::view).toList();
    }

    public Template find(UUID id) {
        Template template = templates.findById(id);
        if (template == null) {
            throw new NotFoundException("template", id);
        }
        return template;
    }

    /** The rendered preview, for a lead of the store or the sample lead; links shown as the lead would get them. */
    @Transactional
    public TemplateRenderer.Rendered preview(UUID id, String leadId, String locale) {
        Template template = find(id);
        LeadContact lead = leadId == null ? MailData.sample() : leads.findByIdOptional(leadId)
                .orElseThrow(() -> InvalidInputException.of("leadId", "'" + leadId + "' is not a known lead"));
        OwnerProfile owner = lead.ownerId == null ? null : owners.findById(lead.ownerId);
        TemplateContent content = contentFor(template, locale != null ? locale : lead.locale);
        if (locale != null && !locales(template).containsKey(locale)) {
            throw InvalidInputException.of("locale", "the template has no locale '" + locale + "' (has "
                    + locales(template).keySet() + ")");
        }
        UUID previewId = new UUID(0, 0);
        return renderer.render(content, MailData.of(lead, owner, "(preview)", tokens.unsubscribeUrl(previewId)),
                tokens.prefix(), url -> tokens.clickUrl(previewId, url));
    }

    /** Sends one rendered message (sample lead, "[TEST]" subject) to an address; no tracking, no send log. */
    @Transactional
    public String testSend(UUID id, String to, String locale) {
        if (to == null || !EMAIL.matcher(to).matches() || to.length() > 254) {
            throw InvalidInputException.of("to", "must be an email address");
        }
        Template template = find(id);
        if (locale != null && !locales(template).containsKey(locale)) {
            throw InvalidInputException.of("locale", "the template has no locale '" + locale + "'");
        }
        TemplateContent content = contentFor(template, locale);
        UUID messageId = UUID.randomUUID();
        TemplateRenderer.Rendered rendered = renderer.render(content,
                MailData.of(MailData.sample(), null, "(test)", "https://example.invalid/unsubscribe"),
                "https://example.invalid/", url -> url);
        mailSender.send(new OutgoingMail(messageId, config.fromAddress(), config.fromName(), null, to,
                "[TEST] " + rendered.subject(), rendered.html(), rendered.text(), null));
        return mailSender.messageIdHeader(messageId);
    }

    public TemplateContent contentFor(Template template, String locale) {
        Map<String, TemplateContent> all = locales(template);
        if (locale != null) {
            String language = locale.length() >= 2 ? locale.substring(0, 2) : locale;
            if (all.containsKey(language)) {
                return all.get(language);
            }
        }
        return all.get(template.defaultLocale);
    }

    public static Map<String, TemplateContent> locales(Template template) {
        return Json.read(template.locales, LOCALE_MAP);
    }

    private void validate(TemplateInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input == null) {
            throw InvalidInputException.of("body", "is required");
        }
        if (input.name() == null || input.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (input.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        String defaultLocale = input.defaultLocale() == null ? "ja" : input.defaultLocale();
        if (!LOCALES.contains(defaultLocale)) {
            errors.add(new FieldError("defaultLocale", "must be one of ja, en"));
        }
        if (input.locales() == null || input.locales().isEmpty()) {
            errors.add(new FieldError("locales", "needs at least one locale (ja, en)"));
        } else {
            input.locales().forEach((locale, content) -> {
                if (!LOCALES.contains(locale)) {
                    errors.add(new FieldError("locales." + locale, "is not a supported locale (ja, en)"));
                } else {
                    errors.addAll(renderer.check("locales." + locale, content));
                    if (content != null && content.html() != null && content.html().length() > 200_000) {
                        errors.add(new FieldError("locales." + locale + ".html", "must be at most 200000 characters"));
                    }
                }
            });
            if (LOCALES.contains(defaultLocale) && !input.locales().containsKey(defaultLocale)) {
                errors.add(new FieldError("defaultLocale", "'" + defaultLocale + "' has no content in locales"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void apply(Template template, TemplateInput input) {
        template.name = input.name().trim();
        template.defaultLocale = input.defaultLocale() == null ? "ja" : input.defaultLocale();
        template.locales = Json.write(new LinkedHashMap<>(input.locales()));
    }

    static TemplateView view(Template template) {
        return new TemplateView(template.id, template.name, template.defaultLocale, locales(template),
                template.version, template.createdAt, template.updatedAt);
    }

    public Instant now() {
        return clock.instant();
    }
}
