package dev.autoresearch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.llm.FakeOpenAiServer;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code autoresearch run --strategy llm} with the real near-duplicate check the host gives a model
 * (program.md's {@code novelty} at its default): a proposal that repeats a measured idea with a value
 * a hair apart is sent back to the model before a run is spent, naming the earlier experiment.
 */
class NearDuplicateCommandTest {
    @TempDir
    Path dir;

    TestRepo repo;
    FakeOpenAiServer server;

    @BeforeEach
    void setUp() throws IOException {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("params.py", "X = 5\n").write("program.md", RunCommandModelTest.PROGRAM);
        repo.commitAll("initial");
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Waits (on the model's side of the loopback) until the ideas ledger has a line containing {@code text}. */
    private void awaitLedgerLine(String text) {
        Path ledger = repo.root().resolve(".autoresearch/ideas.jsonl");
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        try {
            while (!(Files.exists(ledger) && Files.readString(ledger).contains(text))) {
                if (Instant.now().isAfter(until)) {
                    throw new AssertionError("no line with " + text + " in " + ledger + " after 2 minutes");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + ledger, e);
        }
    }

    @Test
    void aValueAHairFromAMeasuredIdeaIsSentBackAndADifferentIdeaIsMeasuredInstead() throws IOException {
        List<String> prompts = new ArrayList<>();
        server.otherwise(request -> {
            String prompt = FakeOpenAiServer.messages(request).stream().map(FakeOpenAiServer.Message::content)
                    .collect(Collectors.joining("\n"));
            synchronized (prompts) {
                prompts.add(prompt);
            }
            if (prompt.contains("This is experiment 1.")) {
                return Answer.reply(RunCommandModelTest.reply("Raise X to 6", "5", "6"));
            }
            if (prompt.contains("repeats in other words")) {
                return Answer.reply(RunCommandModelTest.reply("Lower X to 4", "5", "4"));
            }
            // Asked while #1 runs; answered once #1 is in the ideas ledger, so that there is an idea to repeat.
            awaitLedgerLine("\"session\":\"n\",\"experiment\":1,");
            return Answer.reply(RunCommandModelTest.reply("Increase X to 6.05", "5", "6.05"));
        });

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of();
        CliContext context = new CliContext(repo.root(), new PrintWriter(out, true), new PrintWriter(err, true), env,
                false, new DefaultComponents(env), InstantSource.system(), ShutdownHooks.none());
        int code = AutoresearchCommand.execute(context, "run", "--tag", "n", "--strategy", "llm", "--model",
                "openai:test", "--base-url", server.baseUrl(), "--no-sandbox");

        assertThat(code).as(err.toString()).isZero();
        List<String> titles = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(repo.root().resolve(".autoresearch/n/journal.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.path("type").asText().equals("experiment")) {
                titles.add(n.path("hypothesis").path("title").asText());
            }
        }
        assertThat(titles).as("the near-duplicate was never run").containsExactly("baseline", "Raise X to 6",
                "Lower X to 4");
        String refusal;
        synchronized (prompts) {
            refusal = prompts.stream().filter(p -> p.contains("repeats in other words")).findFirst().orElseThrow();
        }
        assertThat(refusal).contains("\"Increase X to 6.05\"").contains("experiment 1 of session n")
                .contains("Raise X to 6");
        assertThat(repo.git("show", "autoresearch/n:params.py")).isEqualTo("X = 4");
    }
}
