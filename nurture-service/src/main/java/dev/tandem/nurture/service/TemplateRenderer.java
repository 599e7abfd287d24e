package dev.tandem.nurture.service;

import dev.tandem.nurture.TemplateContent;
import dev.tandem.platform.http.FieldError;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.Variant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qute over the variables a nurture email may use (lead, owner, campaign, {@code unsubscribeUrl}); checks sources
 * statically (unknown variables, parse errors, links, the unsubscribe link) and renders them, HTML escaped in the
 * HTML part. Links are rewritten after rendering, so a link built from variables is rewritten as the lead sees it.
 */
public final class TemplateRenderer {

    public static final String UNSUBSCRIBE = "unsubscribeUrl";

    /** Every variable a template may name. */
    public static final Map<String, Set<String>> VARIABLES = Map.of(
            "lead", Set.of("firstName", "lastName", "fullName", "company", "jobTitle", "email", "country"),
            "owner", Set.of("name", "title", "signature", "email"),
            "campaign", Set.of("name"));

    private static final Pattern HREF = Pattern.compile("(href\\s*=\\s*)([\"'])(.*?)\\2", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TEXT_URL = Pattern.compile("https?://[^\\s<>\"')]+");

    private final Engine engine = Engine.builder().addDefaults()
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .strictRendering(true)
            .build();
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    /** Every problem of one locale's sources, with paths under {@code prefix} (e.g. {@code locales.ja}). */
    public List<FieldError> check(String prefix, TemplateContent content) {
        List<FieldError> errors = new ArrayList<>();
        if (content == null) {
            errors.add(new FieldError(prefix, "is required"));
            return errors;
        }
        checkPart(prefix + ".subject", content.subject(), Variant.TEXT_PLAIN, errors);
        checkPart(prefix + ".html", content.html(), Variant.TEXT_HTML, errors);
        checkPart(prefix + ".text", content.text(), Variant.TEXT_PLAIN, errors);
        if (content.html() != null) {
            Matcher href = HREF.matcher(content.html());
            boolean unsubscribeLink = false;
            int index = 0;
            while (href.find()) {
                String link = href.group(3).trim();
                if (link.equals("{" + UNSUBSCRIBE + "}")) {
                    unsubscribeLink = true;
                } else if (!link.toLowerCase(Locale.ROOT).startsWith("https://") && !link.toLowerCase(Locale.ROOT).startsWith("http://")) {
                    errors.add(new FieldError(prefix + ".html.links[" + index + "]",
                            "'" + abbreviate(link) + "' is not an http(s) link"));
                }
                index++;
            }
            if (!unsubscribeLink) {
                errors.add(new FieldError(prefix + ".html", "has no unsubscribe link (href=\"{" + UNSUBSCRIBE + "}\")"));
            }
        }
        if (content.text() != null && !content.text().contains("{" + UNSUBSCRIBE + "}")) {
            errors.add(new FieldError(prefix + ".text", "has no unsubscribe link ({" + UNSUBSCRIBE + "})"));
        }
        if (content.subject() != null && (content.subject().contains("\n") || content.subject().contains("\r"))) {
            errors.add(new FieldError(prefix + ".subject", "must be one line"));
        }
        return errors;
    }

    /** Checks a Qute source that is not a whole template (a notifyOwner step's message). */
    public List<FieldError> checkSource(String path, String source) {
        List<FieldError> errors = new ArrayList<>();
        checkPart(path, source, Variant.TEXT_PLAIN, errors);
        return errors;
    }

    private void checkPart(String path, String source, String contentType, List<FieldError> errors) {
        if (source == null || source.isBlank()) {
            errors.add(new FieldError(path, "is required"));
            return;
        }
        Template template;
        try {
            template = parse(source, contentType);
        } catch (TemplateException e) {
            errors.add(new FieldError(path, "does not parse: " + firstLine(e.getMessage())));
            return;
        }
        for (Expression expression : template.getExpressions()) {
            if (expression.isLiteral()) {
                continue;
            }
            String unknown = unknownVariable(expression);
            if (unknown != null) {
                int line = expression.getOrigin() == null ? 0 : expression.getOrigin().getLine();
                errors.add(new FieldError(path, "unknown variable '" + unknown + "' (line " + line + "); known: "
                        + knownList()));
            }
        }
    }

    private static String unknownVariable(Expression expression) {
        if (expression.hasNamespace()) {
            return expression.getNamespace() + ":" + expression.toOriginalString();
        }
        List<Expression.Part> parts = expression.getParts();
        String root = parts.get(0).getName();
        if (root.equals(UNSUBSCRIBE) && parts.size() == 1) {
            return null;
        }
        Set<String> fields = VARIABLES.get(root);
        if (fields == null || parts.size() != 2 || !fields.contains(parts.get(1).getName())) {
            return parts.stream().map(Expression.Part::getName).reduce((a, b) -> a + "." + b).orElse(root);
        }
        return null;
    }

    private static String knownList() {
        List<String> all = new ArrayList<>();
        VARIABLES.forEach((root, fields) -> fields.stream().sorted().forEach(f -> all.add(root + "." + f)));
        all.sort(String::compareTo);
        all.add(UNSUBSCRIBE);
        return String.join(", ", all);
    }

    /** A rendered message: subject, HTML and text, links already rewritten. */
    public record Rendered(String subject, String html, String text) {
    }

    /**
     * Renders one locale. {@code rewrite} maps each http(s) link of the HTML and text parts (not the unsubscribe
     * link, which it is told apart from by {@code keepPrefix}) to the link the recipient gets.
     */
    public Rendered render(TemplateContent content, Map<String, Object> data, String keepPrefix, UnaryOperator<String> rewrite) {
        String subject = parse(content.subject(), Variant.TEXT_PLAIN).render(data);
        String html = parse(content.html(), Variant.TEXT_HTML).render(data);
        String text = parse(content.text(), Variant.TEXT_PLAIN).render(data);
        return new Rendered(subject, rewriteHtml(html, keepPrefix, rewrite), rewriteText(text, keepPrefix, rewrite));
    }

    public String renderText(String source, Map<String, Object> data) {
        return parse(source, Variant.TEXT_PLAIN).render(data);
    }

    static String rewriteHtml(String html, String keepPrefix, UnaryOperator<String> rewrite) {
        Matcher href = HREF.matcher(html);
        StringBuilder out = new StringBuilder();
        while (href.find()) {
            String url = unescape(href.group(3).trim());
            String lower = url.toLowerCase(Locale.ROOT);
            String replacement = (lower.startsWith("http://") || lower.startsWith("https://")) && !url.startsWith(keepPrefix)
                    ? rewrite.apply(url) : url;
            href.appendReplacement(out, Matcher.quoteReplacement(href.group(1) + href.group(2) + escape(replacement) + href.group(2)));
        }
        href.appendTail(out);
        return out.toString();
    }

    static String rewriteText(String text, String keepPrefix, UnaryOperator<String> rewrite) {
        Matcher url = TEXT_URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            String found = url.group();
            url.appendReplacement(out, Matcher.quoteReplacement(found.startsWith(keepPrefix) ? found : rewrite.apply(found)));
        }
        url.appendTail(out);
        return out.toString();
    }

    private Template parse(String source, String contentType) {
        return parsed.computeIfAbsent(contentType + "\u0000" + source, key -> engine.parse(source,
                new Variant(Locale.ROOT, StandardCharsets.UTF_8, contentType)));
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String escape(String url) {
        return url.replace("&", "&amp;").replace("\"", "&quot;");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
