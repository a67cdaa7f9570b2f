package dev.autoresearch.host.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.journal.JournalFollower;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a session's report on the loopback interface only, for a session on a remote machine
 * reached through an SSH tunnel: {@code /} is the page, built from the journal when it has changed,
 * and {@code /version} the journal's version, which the page polls to reload itself.
 */
public final class ReportServer implements AutoCloseable {
    /** The port used when none is given. */
    public static final int DEFAULT_PORT = 8734;

    private final SessionFiles files;
    /** Guarded by this: the journal as last read, which a new page extends by what it gained. */
    private final JournalFollower journal;
    private final HtmlReport html;
    private final HttpServer server;
    private final ExecutorService executor;
    private String cachedVersion = "";
    private byte[] cachedPage = new byte[0];

    private ReportServer(SessionFiles files, HtmlReport html, HttpServer server, ExecutorService executor) {
        this.files = files;
        this.journal = new JournalFollower(files.journal());
        this.html = html;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, or 0 for a free one ({@link #port()} says which)
     * @throws AutoresearchException when the port is taken or cannot be bound
     */
    public static ReportServer start(SessionFiles files, HtmlReport html, int port) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(html, "html");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new AutoresearchException("cannot serve the report on 127.0.0.1:" + port + ": " + e.getMessage()
                    + "; choose another port with --port (0 picks a free one)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "autoresearch-report-server");
            t.setDaemon(true);
            return t;
        });
        ReportServer s = new ReportServer(files, html, server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/version")) {
                send(exchange, 200, "text/plain", HtmlReport.version(files.journal()).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/" + HtmlReport.FILE_NAME)) {
                send(exchange, 200, "text/html; charset=utf-8", page());
            } else {
                send(exchange, 404, "text/plain", ("no " + path + " here; the report is at /\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The page, rebuilt only when the journal changed since it was last built, from what it gained since. */
    private synchronized byte[] page() {
        String version = HtmlReport.version(files.journal());
        if (!version.equals(cachedVersion)) {
            try {
                JournalFollower.Snapshot read = journal.read();
                cachedPage = read.contents().header().isEmpty()
                        ? waiting().getBytes(StandardCharsets.UTF_8)
                        : html.render(files, read.contents(), read.recorded(), version).getBytes(StandardCharsets.UTF_8);
            } catch (AutoresearchException e) {
                cachedPage = ("<!DOCTYPE html><meta charset=utf-8><title>autoresearch</title><p>"
                        + e.getMessage().replace("&", "&amp;").replace("<", "&lt;") + "</p>")
                        .getBytes(StandardCharsets.UTF_8);
            }
            cachedVersion = version;
        }
        return cachedPage;
    }

    /** Before the baseline is recorded: a page that reloads itself. */
    private static String waiting() {
        return "<!DOCTYPE html><meta charset=utf-8><meta http-equiv=refresh content=3><title>autoresearch</title>"
                + "<p>The session has recorded nothing yet; this page reloads itself.</p>";
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
