package dev.autoresearch.llm;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import dev.autoresearch.llm.FakeOpenAiServer.Message;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.autoresearch.llm.Fixtures.TRAIN_PY;
import static dev.autoresearch.llm.Fixtures.cleanReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strategy driven through the real langchain4j OpenAI client against a scripted loopback server. */
class LlmStrategyTest {
    @TempDir
    Path worktree;

    private FakeOpenAiServer server;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenAiServer();
        Fixtures.worktree(worktree);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmStrategy strategy() {
        return LlmStrategy.builder().model(server.model())
                .retry(RetryPolicy.builder().maxRetries(2).initialDelay(Duration.ofSeconds(1)).seed(7).build())
                .sleeper(slept::add)
                .build();
    }

    private ResearchContext context() {
        return context(Fixtures.baselineOnly());
    }

    private ResearchContext context(ResearchState state) {
        return Fixtures.context(Fixtures.spec(), state, worktree);
    }

    private static Map<String, String> applied(MutationResult r) {
        assertThat(r).isInstanceOf(MutationResult.Applied.class);
        return ((MutationResult.Applied) r).change().files();
    }

    private static String failed(MutationResult r) {
        assertThat(r).isInstanceOf(MutationResult.Failed.class);
        return ((MutationResult.Failed) r).reason();
    }

    @Test
    void aCleanReplyGivesTheHypothesisAndItsChangeInOneRequest() {
        server.enqueue(Answer.reply(cleanReply("Raise the matrix learning rate to 0.05",
                "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"), 1200, 80));
        LlmStrategy s = strategy();

        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo("Raise the matrix learning rate to 0.05");
        assertThat(h.rationale()).isEqualTo("The loss is still falling steeply at the end of the budget.");
        assertThat(h.plan()).contains("<<<<<<< SEARCH");
        assertThat(h.usage()).isEqualTo(new TokenUsage(1200, 80));

        MutationResult m = s.mutate(h, context());
        assertThat(applied(m)).containsExactly(Map.entry("train.py", TRAIN_PY.replace("0.04", "0.05")));
        assertThat(m.usage()).isEqualTo(TokenUsage.ZERO);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void thePromptCarriesTheContractTheFilesAndTheHistory() {
        server.replies(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"));
        strategy().propose(context(Fixtures.synthetic(60, 4)));

        List<Message> messages = server.messages(0);
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(0).content()).contains("HYPOTHESIS:").contains("<<<<<<< SEARCH");
        String prompt = messages.get(1).content();
        assertThat(prompt).contains("Make val_bpb as low as possible.")
                .contains("Metric: val_bpb, lower is better (minimize).")
                .contains("Baseline (experiment 0): 1\n")
                .contains("## train.py\n\n```\n" + TRAIN_PY + "```")
                .doesNotContain("def evaluate()")
                .contains("Readonly, never to be changed: prepare.py")
                .contains("| 59 |")
                .contains("Not shown:")
                .contains("Propose experiment 60");
    }

    @Test
    void fencedRepliesWithTheFileNameOnTheFenceApply() {
        server.replies("""
                I'd try a shorter warmup.

                HYPOTHESIS: Shorten the warmup to 50 steps
                RATIONALE: Warmup takes a large share of the short budget.

                ```python train.py
                <<<<<<< SEARCH
                    if step < 100:
                        return step / 100
                =======
                    if step < 50:
                        return step / 50
                >>>>>>> REPLACE
                ```
                Let me know how it goes.
                """);
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo("Shorten the warmup to 50 steps");
        assertThat(applied(s.mutate(h, context())).get("train.py"))
                .contains("    if step < 50:\n        return step / 50\n");
    }

    @Test
    void crlfRepliesApply() {
        server.replies(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05").replace("\n", "\r\n"));
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo("Raise LR");
        assertThat(applied(s.mutate(h, context()))).containsExactly(Map.entry("train.py", TRAIN_PY.replace("0.04", "0.05")));
    }

    @Test
    void indentationDriftIsToleratedWhenTheMatchIsUnique() {
        server.replies("""
                HYPOTHESIS: Skip warmup entirely
                RATIONALE: The budget is short.

                train.py
                <<<<<<< SEARCH
                if step < 100:
                    return step / 100
                return 1.0
                =======
                return 1.0
                >>>>>>> REPLACE
                """);
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(applied(s.mutate(h, context())).get("train.py"))
                .contains("def schedule(step):\n    return 1.0\n\ndef train():");
    }

    @Test
    void anAmbiguousMatchIsSentBackAndTheCorrectionApplies() {
        String ambiguous = """
                HYPOTHESIS: Return 0.9 at the end of the schedule
                RATIONALE: Anneal.

                train.py
                <<<<<<< SEARCH
                    return 1.0
                =======
                    return 0.9
                >>>>>>> REPLACE
                """;
        String body = "HYPOTHESIS: Return 0.9 at the end of the schedule\n\ntrain.py\n<<<<<<< SEARCH\n"
                + "        return step / 100\n    return 1.0\n=======\n        return step / 100\n    return 0.9\n"
                + ">>>>>>> REPLACE\n";
        Fixtures.write(worktree.resolve("train.py"), TRAIN_PY + "\ndef other():\n    return 1.0\n");
        server.enqueue(Answer.reply(ambiguous, 1000, 50), Answer.reply(body, 1300, 60));
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        MutationResult m = s.mutate(h, context());

        assertThat(applied(m).get("train.py")).contains("        return step / 100\n    return 0.9\n")
                .endsWith("def other():\n    return 1.0\n");
        assertThat(m.usage()).isEqualTo(new TokenUsage(1300, 60));
        List<Message> followUp = server.messages(1);
        assertThat(followUp).extracting(Message::role).containsExactly("system", "user", "assistant", "user");
        assertThat(followUp.get(1).content()).isEqualTo(server.messages(0).get(1).content());
        assertThat(followUp.get(2).content()).isEqualTo(ambiguous);
        assertThat(followUp.get(3).content()).contains("none of them was; the files are unchanged")
                .contains("block 1 (train.py): the SEARCH text matches 2 places in train.py (starting at lines 10, 19)");
    }

    @Test
    void editsToReadonlyOrNonEditableFilesAreRefusedAndSentBack() {
        String bad = """
                HYPOTHESIS: Cheat on the evaluation
                RATIONALE: Easier.

                prepare.py
                <<<<<<< SEARCH
                    return 1.0
                =======
                    return 0.0
                >>>>>>> REPLACE

                notes.md
                <<<<<<< SEARCH
                notes
                =======
                better notes
                >>>>>>> REPLACE
                """;
        server.replies(bad, bad, bad);
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        String reason = failed(s.mutate(h, context()));

        assertThat(reason).startsWith("the model's edits did not apply in 3 attempts; the last problems:")
                .contains("block 1 (prepare.py): prepare.py is readonly and must not be changed; edit only train.py")
                .contains("block 2 (notes.md): notes.md is not editable; edit only train.py");
        assertThat(server.requests()).hasSize(3);
        assertThat(server.messages(2).get(5).content()).contains("prepare.py is readonly");
    }

    @Test
    void anEmptyReplyIsAskedAgain() {
        server.enqueue(Answer.reply("", 900, 0), Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.04",
                "MATRIX_LR = 0.05"), 950, 40));
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo("Raise LR");
        assertThat(h.usage()).isEqualTo(new TokenUsage(1850, 40));
        assertThat(server.messages(1).get(3).content()).startsWith("Your reply was empty.");
        assertThat(applied(s.mutate(h, context()))).containsKey("train.py");
    }

    @Test
    void repliesThatNeverCarryAHypothesisMakeAnInvalidExperimentWithoutMoreRequests() {
        server.replies("", "I am not sure what to try.", "Maybe the learning rate?");
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo(LlmStrategy.NO_USABLE_REPLY);
        assertThat(h.plan()).isEmpty();
        assertThat(h.usage().inputTokens()).isEqualTo(300);
        assertThat(server.messages(2).get(5).content()).startsWith("Your reply has no line starting with 'HYPOTHESIS:'");

        String reason = failed(s.mutate(h, context()));
        assertThat(reason).startsWith("no usable reply from the model in 3 attempts; the last: Your reply has no line"
                + " starting with 'HYPOTHESIS:'.");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aReplyWithoutEditsIsAskedForThem() {
        server.replies("HYPOTHESIS: Raise LR\nRATIONALE: Still improving.\n",
                "train.py\n<<<<<<< SEARCH\nMATRIX_LR = 0.04\n=======\nMATRIX_LR = 0.05\n>>>>>>> REPLACE\n");
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThat(h.title()).isEqualTo("Raise LR");
        MutationResult m = s.mutate(h, context());
        assertThat(applied(m)).containsExactly(Map.entry("train.py", TRAIN_PY.replace("0.04", "0.05")));
        assertThat(m.usage()).isEqualTo(new TokenUsage(100, 20));
        assertThat(server.messages(1).get(3).content()).contains("- the reply has no SEARCH/REPLACE edit blocks");
    }

    @Test
    void aReplyThatDoesNotApplyThenACorrectedOne() {
        server.replies(cleanReply("Raise LR", "MATRIX_LR = 0.4", "MATRIX_LR = 0.5"),
                cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"));
        LlmStrategy s = strategy();
        MutationResult m = s.mutate(s.propose(context()), context());
        assertThat(applied(m)).containsExactly(Map.entry("train.py", TRAIN_PY.replace("0.04", "0.05")));
        assertThat(server.messages(1).get(3).content())
                .contains("block 1 (train.py): the SEARCH text does not occur in train.py (not even ignoring whitespace)."
                        + " None of its lines occur in the file");
    }

    @Test
    void theClosestPassageIsQuotedInTheCorrection() {
        server.replies(cleanReply("Raise LR", "MATRIX_LR = 0.04\nEMBED_LR = 0.7", "MATRIX_LR = 0.05\nEMBED_LR = 0.7"),
                cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"));
        LlmStrategy s = strategy();
        assertThat(applied(s.mutate(s.propose(context()), context()))).containsKey("train.py");
        assertThat(server.messages(1).get(3).content())
                .contains("The closest passage is lines 3-4, where SEARCH line 2 reads `EMBED_LR = 0.7` but line 4 of"
                        + " train.py reads `EMBED_LR = 0.6`")
                .contains("      3 | MATRIX_LR = 0.04\n      4 | EMBED_LR = 0.6");
    }

    @Test
    void aRateLimitIsRetriedWithBackoff() {
        server.enqueue(Answer.error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"),
                Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"), 500, 30));
        Hypothesis h = strategy().propose(context());
        assertThat(h.title()).isEqualTo("Raise LR");
        assertThat(h.usage()).isEqualTo(new TokenUsage(500, 30));
        assertThat(slept).hasSize(1);
        assertThat(slept.get(0)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void serverErrorsThatOutlastTheRetriesStopWithAClearMessage() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        assertThatThrownBy(() -> strategy().propose(context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the model request failed 3 times over ")
                .hasMessageContaining("last with HTTP 503")
                .hasMessageContaining("the session stops here with its journal intact and continues from this point"
                        + " when started again");
        assertThat(slept).hasSize(2);
        assertThat(slept.get(1)).isGreaterThan(slept.get(0));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aModelLostDuringACorrectionStopsWithTheProblemAndTheUnrecordedTokens() {
        server.enqueue(Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.4", "MATRIX_LR = 0.5"), 700, 70));
        for (int i = 0; i < 3; i++) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThatThrownBy(() -> s.mutate(h, context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("experiment 1 was not finished: the model failed when asked to correct edits"
                        + " that did not apply: the model request failed 3 times over ")
                .hasMessageContaining("last with HTTP 503")
                .hasMessageContaining("continues from this point when started again")
                .hasMessageEndingWith("(the 770 tokens of this experiment's earlier replies, 700 in and 70 out, are"
                        + " not in the journal, so token and cost limits do not count them)");
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void anOutageAfterARepeatedTitleStatesTheTokensNoRecordWillHold() {
        ResearchState state = Fixtures.baselineOnly().with(Fixtures.record(1, Status.DISCARD, 1.01, "Raise LR"));
        server.enqueue(Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"), 900, 90));
        for (int i = 0; i < 3; i++) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        assertThatThrownBy(() -> strategy().propose(context(state)))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the model request failed 3 times over ")
                .hasMessageEndingWith("(the 990 tokens of this experiment's earlier replies, 900 in and 90 out, are"
                        + " not in the journal, so token and cost limits do not count them)");
    }

    @Test
    void aRequestRefusedDuringACorrectionReadsAsARefusalAndIsNotRetried() {
        server.enqueue(Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.4", "MATRIX_LR = 0.5")),
                Answer.error(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\"}}"));
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        assertThatThrownBy(() -> s.mutate(h, context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("the model provider refused the request (HTTP 400: ")
                .hasMessageContaining("maximum context length is 8192 tokens")
                .hasMessageContaining("once that is fixed, continues from this point")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("could not be reached"));
        assertThat(slept).isEmpty();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void anInterruptDuringACorrectionIsNotAFailedMutation() throws Exception {
        server.enqueue(Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.4", "MATRIX_LR = 0.5")),
                Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05")).after(Duration.ofSeconds(10)));
        LlmStrategy s = strategy();
        Hypothesis h = s.propose(context());
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            while (server.requests().size() < 2) {
                Thread.onSpinWait();
            }
            caller.interrupt();
        });
        interrupter.start();
        try {
            assertThatThrownBy(() -> s.mutate(h, context()))
                    .isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessage("interrupted while waiting for the model's reply");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // cleared first: join() would throw at once while the flag is set
            interrupter.join();
        }
        assertThat(slept).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriedWithTheSleeperThenStopsWithAClearMessage() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ChatModel nobody = OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("test-key")
                .modelName("test-model").timeout(Duration.ofSeconds(5)).maxRetries(0).build();
        LlmStrategy s = strategy().toBuilder().model(nobody).build();
        assertThatThrownBy(() -> s.propose(context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the model request failed 3 times over ")
                .hasMessageContaining("last with a connection failure (ConnectException");
        assertThat(slept).hasSize(2);
    }

    @Test
    void aRejectedKeyIsNotRetried() {
        server.enqueue(Answer.error(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
        assertThatThrownBy(() -> strategy().propose(context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the model provider rejected the credentials (HTTP 401: ")
                .hasMessageContaining("Incorrect API key provided")
                .hasMessageContaining("check the API key variable");
        assertThat(slept).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aTimeoutIsRetried() {
        server.enqueue(Answer.reply("too late").after(Duration.ofSeconds(3)),
                Answer.reply(cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05")));
        LlmStrategy s = strategy().toBuilder().model(server.model(Duration.ofMillis(500))).build();
        assertThat(s.propose(context()).title()).isEqualTo("Raise LR");
        assertThat(slept).hasSize(1);
    }

    @Test
    void aTitleAlreadyTriedIsAskedForAgain() {
        ResearchState state = Fixtures.baselineOnly()
                .with(Fixtures.record(1, Status.DISCARD, 1.01, "Raise the matrix learning rate to 0.05"));
        server.replies(cleanReply("raise the matrix  learning rate to 0.05", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05"),
                cleanReply("Lower the embedding learning rate to 0.5", "EMBED_LR = 0.6", "EMBED_LR = 0.5"));
        Hypothesis h = strategy().propose(context(state));
        assertThat(h.title()).isEqualTo("Lower the embedding learning rate to 0.5");
        assertThat(h.usage()).isEqualTo(new TokenUsage(200, 40));
        assertThat(server.messages(1).get(3).content()).isEqualTo("\"raise the matrix  learning rate to 0.05\" was"
                + " already tried (experiment 1, discard, 1.01). Propose a different idea, under a new title, with the"
                + " edit blocks that implement it, in the required format.");
    }

    @Test
    void aLongTitleAlreadyTriedIsAskedForAgain() {
        String longTitle = "Raise the matrix learning rate to 0.05 " + "and keep the embedding rate as it is ".repeat(5);
        String reply = cleanReply(longTitle, "MATRIX_LR = 0.04", "MATRIX_LR = 0.05");
        server.replies(reply, reply, cleanReply("Halve the batch", "BATCH = 64", "BATCH = 32"));
        Hypothesis first = strategy().propose(context());
        assertThat(first.title()).hasSizeLessThan(longTitle.length()).endsWith("...");
        ResearchState state = Fixtures.baselineOnly().with(Fixtures.record(1, Status.DISCARD, 1.01, first.title()));

        Hypothesis second = strategy().propose(context(state));
        assertThat(second.title()).isEqualTo("Halve the batch");
        assertThat(server.messages(2).get(3).content()).startsWith("\"" + first.title() + "\" was already tried"
                + " (experiment 1, discard, 1.01).");
    }

    @Test
    void aTitleRepeatedInEveryReplyIsRunAgainWithANote() {
        ResearchState state = Fixtures.baselineOnly().with(Fixtures.record(1, Status.CRASH, Double.NaN, "Raise LR"));
        String same = cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05");
        server.replies(same, same, same);
        Hypothesis h = strategy().propose(context(state));
        assertThat(h.title()).isEqualTo("Raise LR");
        assertThat(h.rationale()).endsWith("(proposed again: the model repeated a tried title in 3 replies)");
        assertThat(h.plan()).isEqualTo(same);
    }

    @Test
    void aHypothesisFromAnotherGeneratorIsImplementedOnRequest() {
        server.replies("HYPOTHESIS: Halve the batch\n\ntrain.py\n<<<<<<< SEARCH\nBATCH = 64\n=======\nBATCH = 32\n>>>>>>> REPLACE\n");
        MutationResult m = strategy().mutate(new Hypothesis("Halve the batch", "More steps in the budget."), context());
        assertThat(applied(m)).containsExactly(Map.entry("train.py", TRAIN_PY.replace("BATCH = 64", "BATCH = 32")));
        assertThat(m.usage()).isEqualTo(new TokenUsage(100, 20));
        assertThat(server.messages(0).get(1).content()).contains("Implement it:\n\nHYPOTHESIS: Halve the batch\n"
                + "RATIONALE: More steps in the budget.");
    }

    @Test
    void aProsePlanFromAnotherGeneratorIsImplementedOnRequest() {
        server.replies("HYPOTHESIS: Halve the batch\n\ntrain.py\n<<<<<<< SEARCH\nBATCH = 64\n=======\nBATCH = 32\n>>>>>>> REPLACE\n");
        Hypothesis h = new Hypothesis("Halve the batch", "More steps in the budget.",
                "Find BATCH in train.py and halve it; leave the rest alone.", TokenUsage.ZERO);
        MutationResult m = strategy().mutate(h, context());
        assertThat(applied(m)).containsExactly(Map.entry("train.py", TRAIN_PY.replace("BATCH = 64", "BATCH = 32")));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.messages(0)).hasSize(2);
        assertThat(server.messages(0).get(1).content()).contains("Implement it:\n\nHYPOTHESIS: Halve the batch\n"
                + "RATIONALE: More steps in the budget.\nPLAN:\nFind BATCH in train.py and halve it; leave the rest alone.\n");
    }

    @Test
    void anEditThatGrowsAFileOverTheBudgetFailsWithTheReason() {
        LlmStrategy s = strategy().toBuilder().fileBudgetBytes(TRAIN_PY.length() + 50).build();
        server.replies(cleanReply("Add a long comment", "BATCH = 64", "BATCH = 64\n# " + "x".repeat(100)));
        Hypothesis h = s.propose(context());
        assertThat(failed(s.mutate(h, context()))).isEqualTo("the edits make train.py " + (TRAIN_PY.length() + 103)
                + " bytes, over the budget of " + (TRAIN_PY.length() + 50) + " bytes per file shown to the model;"
                + " keep it smaller, or raise the file budget (--file-budget, or fileBudgetBytes of LlmStrategy.Builder)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anEditThatGrowsTheFilesOverTheTotalBudgetFailsWithTheReason() {
        Fixtures.write(worktree.resolve("util.py"), "X = 1\n");
        ProgramSpec spec = Fixtures.spec().toBuilder().editable("train.py", "util.py").build();
        long total = TRAIN_PY.length() + 6;
        LlmStrategy s = strategy().toBuilder().fileBudgetBytes(total).totalBudgetBytes(total + 10).build();
        server.replies("HYPOTHESIS: Grow util\n\nutil.py\n<<<<<<< SEARCH\nX = 1\n=======\nX = 1\nY = 2\nZ = 3\n"
                + ">>>>>>> REPLACE\n");
        ResearchContext c = Fixtures.context(spec, Fixtures.baselineOnly(), worktree);
        Hypothesis h = s.propose(c);
        assertThat(failed(s.mutate(h, c))).startsWith("the edits make the editable files " + (total + 12)
                + " bytes together, over the budget of " + (total + 10) + " bytes");
    }

    @Test
    void aFileOverTheBudgetIsAnErrorNamingItAndTheBudget() {
        Fixtures.write(worktree.resolve("train.py"), "x = 1\n".repeat(100));
        LlmStrategy s = strategy().toBuilder().fileBudgetBytes(500).build();
        assertThatThrownBy(() -> s.prepare(context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the editable file train.py is 600 bytes");
        assertThatThrownBy(() -> s.propose(context()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the editable file train.py is 600 bytes, over the budget of 500 bytes per file shown to"
                        + " the model; narrow 'editable' in the program or raise the file budget (--file-budget,"
                        + " or fileBudgetBytes of LlmStrategy.Builder)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void theBuilderChecksItsSettings() {
        assertThatThrownBy(() -> LlmStrategy.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a model");
        assertThatThrownBy(() -> LlmStrategy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmStrategy.builder().fileBudgetBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmStrategy.builder().model(server.model()).historyRows(4).keptRows(5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keptRows (5)");
        assertThat(strategy().name()).isEqualTo("llm");
        assertThat(strategy().toBuilder().name("gpt").build().name()).isEqualTo("gpt");
    }

    @Test
    void theSleeperIsATestSeamNotAPI() throws Exception {
        assertThat(java.lang.reflect.Modifier.isPublic(LlmStrategy.Builder.class
                .getDeclaredMethod("sleeper", Sleeper.class).getModifiers())).isFalse();
    }
}
