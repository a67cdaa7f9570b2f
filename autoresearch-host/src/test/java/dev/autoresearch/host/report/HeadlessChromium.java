package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.testing.SystemComponent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over its DevTools protocol with the JDK's WebSocket client: open a
 * page, evaluate script in it, click with the mouse, take a screenshot. Chromium comes from
 * Debian through {@code scripts/install-chromium.sh}; without it the test is skipped, or fails
 * when {@code CI=true}.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> exceptions = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, String pageSocket) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        call("Page.enable", JSON.createObjectNode());
        call("Runtime.enable", JSON.createObjectNode());
        resize(1280);
    }

    /** Makes the window {@code width} pixels wide (900 high); a page opened afterwards lays itself out for it. */
    void resize(int width) throws Exception {
        ObjectNode size = JSON.createObjectNode().put("width", width).put("height", 900).put("deviceScaleFactor", 1)
                .put("mobile", false);
        call("Emulation.setDeviceMetricsOverride", size);
    }

    /** Starts a browser, installing Chromium first when it is missing. */
    static HeadlessChromium start() throws Exception {
        String browser = browser();
        Path profile = Files.createTempDirectory("autoresearch-chromium");
        Process p = new ProcessBuilder(browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserSocket = listeningAddress(p);
            URI base = URI.create(browserSocket.replaceFirst("^ws://([^/]+)/.*", "http://$1/"));
            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("json/list"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if (target.path("type").asText().equals("page")) {
                    return new HeadlessChromium(p, profile, target.path("webSocketDebuggerUrl").asText());
                }
            }
            throw new IllegalStateException("chromium has no page to drive: " + list.body());
        } catch (Exception e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
    }

    /** The browser: on the PATH, or installed by the project's script; the test is skipped (failed in CI) otherwise. */
    private static String browser() {
        SystemComponent.require("chromium", "install-chromium.sh");
        return "chromium";
    }

    private static String listeningAddress(Process p) throws Exception {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
                found.completeExceptionally(new IllegalStateException("chromium ended without a DevTools address"));
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return found.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens {@code url} and waits until the page has loaded and drawn itself ({@code data-ready}). */
    void open(String url) throws Exception {
        synchronized (exceptions) {
            exceptions.clear();
        }
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor("document.documentElement.getAttribute('data-ready') === 'true'");
    }

    /** The value of {@code expression} (awaited when it is a promise), as JSON. */
    JsonNode eval(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed: " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} is true in the page. */
    void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            // While a page loads, its document may not be there yet: that is "not yet", not a failure.
            if (eval("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + condition);
    }

    /** Moves the mouse over the middle of the first element matching {@code selector}. */
    void hover(String selector) throws Exception {
        mouse(selector, List.of("mouseMoved"));
    }

    /** Clicks the middle of the first element matching {@code selector} with the mouse, as a user does. */
    void click(String selector) throws Exception {
        mouse(selector, List.of("mouseMoved", "mousePressed", "mouseReleased"));
    }

    private void mouse(String selector, List<String> events) throws Exception {
        String quoted = JSON.writeValueAsString(selector);
        JsonNode box = eval("(() => { const e = document.querySelector(" + quoted + "); if (!e) return null;"
                + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        if (box.isNull() || box.isMissingNode()) {
            throw new AssertionError("nothing to click: " + selector);
        }
        for (String type : events) {
            ObjectNode p = JSON.createObjectNode().put("type", type).put("x", box.get("x").asDouble())
                    .put("y", box.get("y").asDouble()).put("button", "left").put("clickCount", 1);
            call("Input.dispatchMouseEvent", p);
        }
    }

    /** A PNG of the whole page. */
    byte[] screenshot() throws Exception {
        ObjectNode p = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        JsonNode size = eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})");
        p.putObject("clip").put("x", 0).put("y", 0).put("width", size.get("w").asInt())
                .put("height", Math.min(4000, size.get("h").asInt())).put("scale", 1);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").asText());
    }

    /** The uncaught script errors the page has had. */
    List<String> exceptions() {
        synchronized (exceptions) {
            return List.copyOf(exceptions);
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    /** Puts whole messages together and hands replies to their callers and events to the queue. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                        if (f != null) {
                            f.complete(message);
                        }
                    } else if (message.path("method").asText().equals("Runtime.exceptionThrown")) {
                        synchronized (exceptions) {
                            exceptions.add(message.path("params").path("exceptionDetails").toString());
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
