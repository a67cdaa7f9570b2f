package dev.autoresearch.host.report;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report served over real HTTP on loopback. */
class ReportServerTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(ReportServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    SessionFiles session() {
        return Records.journal(new SessionFiles(dir.resolve("t1")), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "first idea", Status.DISCARD, 1.1, 1000, "")));
    }

    @Test
    void servesThePageAndTheJournalsVersionWhichChangesWithEveryRecord() throws Exception {
        SessionFiles files = session();
        try (ReportServer server = ReportServer.start(files, new HtmlReport(), 0)) {
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> page = get(server, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(HtmlReportTest.data(page.body()).get("experiments")).hasSize(2);
            String before = get(server, "/version").body();
            assertThat(HtmlReportTest.data(page.body()).get("version").asText()).isEqualTo(before);

            try (Journal journal = Journal.open(files.journal())) {
                journal.append(record(2, "second idea", Status.KEEP, 0.9, 1000, ""));
            }

            assertThat(get(server, "/version").body()).isNotEqualTo(before);
            assertThat(HtmlReportTest.data(get(server, "/report.html").body()).get("experiments")).hasSize(3);
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        try (ReportServer server = ReportServer.start(session(), new HtmlReport(), 0)) {
            HttpResponse<String> missing = get(server, "/journal.jsonl");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("no /journal.jsonl here; the report is at /\n");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTakenPortIsNamedWithWhatToDo() {
        SessionFiles files = session();
        try (ReportServer first = ReportServer.start(files, new HtmlReport(), 0)) {
            assertThatThrownBy(() -> ReportServer.start(files, new HtmlReport(), first.port()))
                    .isInstanceOf(AutoresearchException.class)
                    .hasMessageStartingWith("cannot serve the report on 127.0.0.1:" + first.port() + ": ")
                    .hasMessageEndingWith("; choose another port with --port (0 picks a free one)");
        }
    }

    @Test
    void beforeTheBaselineThePageWaits() throws Exception {
        SessionFiles files = new SessionFiles(dir.resolve("new"));
        java.nio.file.Files.createDirectories(files.directory());
        java.nio.file.Files.writeString(files.journal(), "");
        try (ReportServer server = ReportServer.start(files, new HtmlReport(), 0)) {
            assertThat(get(server, "/").body()).contains("The session has recorded nothing yet");
        }
    }
}
