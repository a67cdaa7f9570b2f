package dev.autoresearch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesTheSessionsPageOnLoopbackUntilStopped() throws Exception {
        Cli cli = ReportCommandTest.ranSession(dir, "run", "--tag", "t1");

        Thread[] serving = new Thread[1];
        CompletableFuture<Cli.Result> done = new CompletableFuture<>();
        serving[0] = new Thread(() -> done.complete(cli.run("serve", "--port", "0")), "serve-under-test");
        serving[0].start();
        try {
            Matcher m = awaitOutput(cli, Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/"));
            int port = Integer.parseInt(m.group(1));
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>autoresearch t1</title>", "\"metric\":\"score\"");
            assertThat(cli.liveOut.toString()).contains("autoresearch: serving the report of session t1 at http://127.0.0.1:" + port + "/",
                    "ssh -L " + port + ":localhost:" + port + " HOST");
        } finally {
            serving[0].interrupt();
        }
        Cli.Result r = done.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    @Test
    void aBadPortIsAUsageError() throws Exception {
        Cli cli = ReportCommandTest.ranSession(dir, "run", "--tag", "t1", "--max-experiments", "1");

        Cli.Result r = cli.run("serve", "--port", "70000");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("invalid value for option '--port': 70000 is not a port");
    }

    private static Matcher awaitOutput(Cli cli, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(cli.liveOut.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve printed no address: " + cli.liveOut);
    }
}
