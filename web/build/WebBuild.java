import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the web app (run by Maven as a single-file program, so it is not part of the jar): esbuild bundles and
 * minifies each page's JavaScript and CSS into content-hashed files under {@code assets/} (cached for a year by the
 * gateway), the pages get those names, the service worker gets the list to precache and a version that changes with
 * any asset, and the phone app's compressed size is checked against its budget.
 */
public final class WebBuild {

    /** The phone app's JavaScript + CSS, gzip-compressed, at most (issue 18). */
    static final int PHONE_BUDGET_BYTES = 150 * 1024;

    static final Pattern OUTPUT = Pattern.compile(
            "\"(assets/[^\"]+)\"\\s*:\\s*\\{(.*?)\"bytes\"", Pattern.DOTALL);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path esbuild = Path.of(options.get("esbuild"));
        Path src = Path.of(options.get("src"));
        Path statics = Path.of(options.get("static"));
        Path out = Path.of(options.get("out"));
        Path uplot = Path.of(options.get("uplot"));
        esbuild.toFile().setExecutable(true);
        deleteTree(out);
        Files.createDirectories(out);

        Path meta = Path.of(options.get("work")).resolve("esbuild-meta.json");
        Files.createDirectories(meta.getParent());
        // Run in the output folder, so the metafile names outputs as "assets/…".
        run(out, esbuild.toString(),
                "app=" + src.resolve("app/main.js"),
                "dashboard=" + src.resolve("dashboard/main.js"),
                "--bundle", "--format=esm", "--splitting", "--minify", "--target=es2020", "--charset=utf8",
                "--legal-comments=none",
                "--alias:uplot=" + uplot,
                "--entry-names=assets/[name]-[hash]", "--chunk-names=assets/chunk-[hash]",
                "--asset-names=assets/[name]-[hash]",
                "--outdir=.", "--metafile=" + meta, "--log-level=warning");

        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<String>> filesOfPage = new LinkedHashMap<>();
        String metaJson = Files.readString(meta);
        Matcher matcher = OUTPUT.matcher(metaJson.substring(metaJson.indexOf("\"outputs\"")));
        while (matcher.find()) {
            String file = matcher.group(1);
            String body = matcher.group(2);
            Matcher entry = Pattern.compile("\"entryPoint\"\\s*:\\s*\"[^\"]*/(app|dashboard)/main\\.js\"").matcher(body);
            if (entry.find() && file.endsWith(".js")) {
                names.put(entry.group(1) + ".js", file);
                Matcher css = Pattern.compile("\"cssBundle\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                if (css.find()) {
                    names.put(entry.group(1) + ".css", css.group(1));
                }
                List<String> files = new ArrayList<>(List.of(file));
                Matcher imports = Pattern.compile("\"path\"\\s*:\\s*\"(assets/chunk-[^\"]+)\"").matcher(body);
                while (imports.find()) {
                    files.add(imports.group(1));
                }
                if (css.find(0)) {
                    files.add(css.group(1));
                }
                filesOfPage.put(entry.group(1), files);
            }
        }
        if (!names.containsKey("app.js") || !names.containsKey("dashboard.js")) {
            throw new IllegalStateException("esbuild's metafile names no app or dashboard entry: " + names);
        }

        // Pages and the manifest: %app.js% and the like become the hashed asset paths.
        TreeSet<String> precache = new TreeSet<>();
        try (Stream<Path> files = Files.walk(statics)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = out.resolve(statics.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String name = file.getFileName().toString();
                if (name.endsWith(".html") || name.endsWith(".webmanifest")) {
                    String text = Files.readString(file);
                    for (Map.Entry<String, String> asset : names.entrySet()) {
                        text = text.replace("%" + asset.getKey() + "%", asset.getValue());
                    }
                    Files.writeString(target, text);
                } else {
                    Files.copy(file, target);
                }
                precache.add(statics.relativize(file).toString().replace('\\', '/'));
            }
        }
        try (Stream<Path> files = Files.walk(out.resolve("assets"))) {
            files.filter(Files::isRegularFile).forEach(f -> precache.add(out.relativize(f).toString()));
        }
        precache.remove("index.html");
        precache.add("./");

        // The service worker keeps a fixed URL (sw.js, so it can update itself); its cache name is the hash of
        // everything it precaches, so a new build replaces the old cache.
        String list = String.join("\",\"", precache);
        String version = Integer.toHexString(String.join(",", precache).hashCode());
        run(out, esbuild.toString(), src.resolve("sw.js").toString(), "--bundle", "--minify", "--target=es2020",
                "--define:PRECACHE=[\"" + list + "\"]", "--define:CACHE_VERSION=\"" + version + "\"",
                "--outfile=" + out.resolve("sw.js"), "--log-level=warning");

        long phone = 0;
        for (String file : filesOfPage.get("app")) {
            phone += gzipSize(out.resolve(file));
        }
        long dashboard = 0;
        for (String file : filesOfPage.get("dashboard")) {
            dashboard += gzipSize(out.resolve(file));
        }
        System.out.printf("web: phone app %,d B gzip (budget %,d B), dashboard %,d B gzip; %d files precached%n",
                phone, PHONE_BUDGET_BYTES, dashboard, precache.size());
        if (phone > PHONE_BUDGET_BYTES) {
            throw new IllegalStateException("the phone app is " + phone + " B compressed, over its budget of "
                    + PHONE_BUDGET_BYTES + " B");
        }
    }

    static long gzipSize(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Files.readAllBytes(file));
        }
        return bytes.size();
    }

    static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
