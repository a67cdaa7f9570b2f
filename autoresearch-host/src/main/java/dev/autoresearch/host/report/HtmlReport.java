package dev.autoresearch.host.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A session's report as one self-contained HTML page, {@code report.html}: the headline, the
 * progress chart, the kept changes, a timeline of the lanes, and the table of experiments with
 * their diffs and log tails. Everything is inline (no server, no network), so the page opens from
 * a copied folder in any browser. One instance per session keeps the compressed diffs and logs
 * between rewrites.
 */
public final class HtmlReport {
    /** The page's file name in the session directory. */
    public static final String FILE_NAME = "report.html";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = resource("report.html");
    private static final String STYLE = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    private final ReportLimits limits;
    private final InstantSource clock;
    private final EmbeddedTexts texts = new EmbeddedTexts();

    /** A report with the default limits and the system clock. */
    public HtmlReport() {
        this(ReportLimits.DEFAULT, InstantSource.system());
    }

    /** A report that embeds at most {@code limits} and dates itself by {@code clock}. */
    public HtmlReport(ReportLimits limits, InstantSource clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the page of the session in {@code files} is written. */
    public static Path file(SessionFiles files) {
        return files.directory().resolve(FILE_NAME);
    }

    /**
     * Reads the session's journal and writes its page (replaced atomically).
     *
     * @return false when there is nothing to show yet (the journal has no header)
     * @throws AutoresearchException when the journal cannot be read or the page cannot be written
     */
    public boolean write(SessionFiles files) {
        // The version before the read: a record appended in between makes a served page reload once more, never miss it.
        String version = version(files.journal());
        JournalContents journal = Journal.read(files.journal());
        return write(files, journal, version);
    }

    /**
     * Writes the page of {@code journal}, whose patches and logs are in {@code files}.
     *
     * @return false when there is nothing to show yet (the journal has no header)
     * @throws AutoresearchException when the page cannot be written
     */
    public boolean write(SessionFiles files, JournalContents journal) {
        return write(files, journal, version(files.journal()));
    }

    /** Writes the page of {@code journal}, marked with the journal's {@link #version} as it was before {@code journal} was read. */
    boolean write(SessionFiles files, JournalContents journal, String version) {
        return write(files, journal, ResearchState.of(journal.records()), version);
    }

    /** Writes the page of {@code journal}, whose records' state is {@code state}, marked with the journal's {@link #version}. */
    boolean write(SessionFiles files, JournalContents journal, ResearchState state, String version) {
        if (journal.header().isEmpty()) {
            return false;
        }
        byte[] page = render(files, journal, state, version).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.replace(file(files), "the report", tmp -> Files.write(tmp, page));
        return true;
    }

    /**
     * The page of {@code journal} as HTML.
     *
     * @throws IllegalArgumentException when the journal has no header
     */
    public String render(SessionFiles files, JournalContents journal) {
        return render(files, journal, version(files.journal()));
    }

    /** The page, marked with the journal's {@link #version} as it was when {@code journal} was read. */
    String render(SessionFiles files, JournalContents journal, String version) {
        return render(files, journal, ResearchState.of(journal.records()), version);
    }

    /** The page of {@code journal}, whose records' state is {@code state}, marked with the journal's {@link #version}. */
    String render(SessionFiles files, JournalContents journal, ResearchState state, String version) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(journal, "journal");
        String tag = journal.header().orElseThrow(() -> new IllegalArgumentException("the journal has no header")).tag();
        String data;
        try {
            data = JSON.writeValueAsString(new ReportModel(limits, texts).build(files, journal, state, version,
                    clock.instant()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain nodes always serialises
        }
        // '<' only occurs inside JSON strings, where \u003c means the same: no '</script>' can end the block early.
        String safeData = data.replace("<", "\\u003c");
        return TEMPLATE.replace("{{TITLE}}", escape("autoresearch " + tag))
                .replace("/*{{STYLE}}*/", STYLE)
                .replace("/*{{SCRIPT}}*/", SCRIPT)
                .replace("{{DATA}}", safeData);
    }

    /**
     * What changes when the journal does (its size and modification time): the page and
     * {@link ReportServer} compare it to know when to reload.
     */
    public static String version(Path journal) {
        try {
            BasicFileAttributes a = Files.readAttributes(journal, BasicFileAttributes.class);
            return a.size() + "-" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "none";
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
