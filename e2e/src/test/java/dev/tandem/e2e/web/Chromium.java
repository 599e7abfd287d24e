package dev.tandem.e2e.web;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Debian Chromium driven by Playwright: never a browser Playwright downloads (CI installs the `chromium`
 * package). Phone contexts are a 390×844 touch screen at 3× density; screenshots go to
 * {@code target/screenshots/} as test artefacts.
 */
public final class Chromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    public Chromium() {
        String executable = System.getenv().getOrDefault("TANDEM_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(executable))) {
            throw new IllegalStateException(executable + " is missing: install Debian's chromium (.ci/run does)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(executable))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    /** A phone: 390×844, 3× density, touch, mobile viewport; Japanese and Tokyo time unless told otherwise. */
    public BrowserContext phone() {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(3).setIsMobile(true).setHasTouch(true)
                .setLocale("ja-JP").setTimezoneId("Asia/Tokyo"));
    }

    public BrowserContext desktop() {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1366, 900).setLocale("ja-JP").setTimezoneId("Asia/Tokyo"));
    }

    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** Fails naming each WCAG 2 A/AA violation axe-core finds on the page as it is now. */
    public static void assertAccessible(Page page, String what) {
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze();
        List<Rule> violations = results.getViolations();
        if (!violations.isEmpty()) {
            fail(what + " has accessibility violations:\n" + violations.stream()
                    .map(v -> "- " + v.getId() + ": " + v.getHelp() + " at " + v.getNodes().stream()
                            .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
