package dev.autoresearch.llm;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.llm.internal.EditApplier;
import dev.autoresearch.llm.internal.EditableFiles;
import dev.autoresearch.llm.internal.ModelClient;
import dev.autoresearch.llm.internal.ParsedReply;
import dev.autoresearch.llm.internal.EditBlockParser;
import dev.autoresearch.llm.internal.PromptBuilder;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A language model as the research strategy: it reads the contract, the editable files, the
 * metric and the history, and answers with a hypothesis and the SEARCH/REPLACE edits that
 * implement it, in one reply.
 *
 * <pre>{@code
 * LlmStrategy strategy = LlmStrategy.builder().model(chatModel).build();
 * ResearchLoop.builder()...strategy(strategy)...build().run();
 * }</pre>
 *
 * <p>{@link #propose} sends one request and returns the hypothesis, whose {@code plan} is the
 * model's whole reply. A reply that is empty, has no {@code HYPOTHESIS:} line, or names a
 * hypothesis already tried is answered with a note asking again, up to {@code maxAttempts}
 * replies. When every reply lacked a hypothesis, the result is titled {@link #NO_USABLE_REPLY}
 * with an empty plan and the reason as rationale, and {@link #mutate} turns it into an invalid
 * experiment without another request. When every reply repeated a tried title, the last one is
 * used anyway (its rationale says so): running an idea twice costs one experiment, stopping the
 * session would cost all the others.
 *
 * <p>{@link #mutate} applies the edits in the plan; when they do not apply (no blocks, a block
 * that does not match or matches twice, a file outside {@code editable} or readonly) it sends the
 * model the same conversation (the prompt, its reply, then a precise account of the failure)
 * asking for corrected blocks, until {@code maxAttempts} replies in all were tried; then the
 * result is {@link MutationResult.Failed} with the last account, which the loop records as
 * {@code invalid}. Edits that would make a file larger than the file budget (or the files larger
 * than the total budget) fail the same way, since every later prompt would be refused. Given a
 * hypothesis from another generator whose plan has neither a {@code HYPOTHESIS:} line nor edit
 * blocks (an empty or a prose plan), it first asks the model to implement it, the plan included.
 * The conversation is rebuilt from the context, so the strategy keeps no state between calls and a
 * host may use either half alone.
 *
 * <p>It proposes ahead ({@link #proposesAhead()} is true): the loop asks for the next experiment
 * while the current one runs, and the prompt lists the experiments under way so that the model does
 * not propose them again, and the loop's reasons for refusing the last proposal for this number
 * ({@link ResearchContext#feedback()}).
 *
 * <p>Every request's tokens are counted: the proposal's in {@link Hypothesis#usage()}, the
 * corrections' in {@link MutationResult#usage()}. Requests that fail for a passing reason are
 * retried per the {@link RetryPolicy}; set the model's own retries to 0 ({@link ModelFactory}
 * does), or the retries multiply. When the retries run out, or the provider refuses the request (a
 * rejected key, a prompt over the context length), {@link #propose} and {@link #mutate} throw an
 * {@link AutoresearchException} saying so: the loop stops the session with nothing recorded for
 * the experiment (what was proposed ahead of it is journalled and runs on resume), and a resumed
 * session proposes it again. The tokens of the replies that
 * experiment had before the failure are then in no journal record (the exception cannot carry
 * them, and the loop records nothing); the message states how many, and token and cost limits
 * undercount by that much. An interrupt while waiting for the model ends either method with a
 * {@link CancellationException}, the thread still interrupted, and the loop stops as interrupted,
 * again with nothing recorded.
 */
public final class LlmStrategy implements HypothesisGenerator, CodeMutator {
    /** The title of the hypothesis returned when no reply had one. */
    public static final String NO_USABLE_REPLY = "No usable reply from the model";
    /** Replies tried per experiment unless {@link Builder#maxAttempts} says otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The largest editable file shown to the model unless {@link Builder#fileBudgetBytes} says otherwise. */
    public static final long DEFAULT_FILE_BUDGET_BYTES = 100_000;
    /** The most bytes of editable files shown together unless {@link Builder#totalBudgetBytes} says otherwise. */
    public static final long DEFAULT_TOTAL_BUDGET_BYTES = 400_000;
    /** The most editable files shown unless {@link Builder#maxFiles} says otherwise. */
    public static final int DEFAULT_MAX_FILES = 100;
    /**
     * Experiments shown in the history table unless {@link Builder#historyRows} says otherwise: the
     * table is full, and the prompt stops growing, from about the twentieth experiment on.
     */
    public static final int DEFAULT_HISTORY_ROWS = 20;
    /**
     * The most kept experiments among the history rows unless {@link Builder#keptRows} says otherwise:
     * every kept experiment of the first three hundred, at a usual keep rate of one in twenty.
     */
    public static final int DEFAULT_KEPT_ROWS = 15;

    private static final Logger LOG = LoggerFactory.getLogger(LlmStrategy.class);
    /** The setting's name for both audiences: command-line users and hosts. */
    private static final String FILE_BUDGET_SETTING = "--file-budget, or fileBudgetBytes of LlmStrategy.Builder";
    private static final String TOTAL_BUDGET_SETTING =
            "four times --file-budget, or totalBudgetBytes of LlmStrategy.Builder";
    private static final int TITLE_CHARS = 150;
    private static final int REASON_CHARS = 3000;

    private final ChatModel model;
    private final int maxAttempts;
    private final long fileBudgetBytes;
    private final long totalBudgetBytes;
    private final int maxFiles;
    private final int historyRows;
    private final int keptRows;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final String name;
    private final ModelClient client;
    private final PromptBuilder prompts;

    private LlmStrategy(Builder b) {
        this.model = b.model;
        this.maxAttempts = b.maxAttempts;
        this.fileBudgetBytes = b.fileBudgetBytes;
        this.totalBudgetBytes = b.totalBudgetBytes;
        this.maxFiles = b.maxFiles;
        this.historyRows = b.historyRows;
        this.keptRows = b.keptRows;
        this.retry = b.retry;
        this.sleeper = b.sleeper;
        this.name = b.name;
        this.client = new ModelClient(model, retry, sleeper);
        this.prompts = new PromptBuilder(historyRows, keptRows);
    }

    /** A builder with the defaults; {@link Builder#model} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this strategy's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.maxAttempts = maxAttempts;
        b.fileBudgetBytes = fileBudgetBytes;
        b.totalBudgetBytes = totalBudgetBytes;
        b.maxFiles = maxFiles;
        b.historyRows = historyRows;
        b.keptRows = keptRows;
        b.retry = retry;
        b.sleeper = sleeper;
        b.name = name;
        return b;
    }

    @Override
    public String name() {
        return name;
    }

    /** True: the prompt shows the ideas ledger and the user's idea from {@code ideas.md}, which the model is asked to try. */
    @Override
    public boolean readsIdeas() {
        return true;
    }

    /** True: a model's reply takes seconds, so the loop asks for each lane's next experiment while the lanes run. */
    @Override
    public boolean proposesAhead() {
        return true;
    }

    /**
     * Reads the editable files as a prompt would, so that one over its budget stops the session
     * before the baseline is spent.
     *
     * @throws AutoresearchException when an editable file is over its budget, naming it and the setting
     */
    @Override
    public void prepare(ResearchContext context) {
        readFiles(Objects.requireNonNull(context, "context"));
    }

    /**
     * Asks the model for the next hypothesis and its edits.
     *
     * @throws AutoresearchException when the model cannot be reached after the retries or refuses the
     *                               request, or an editable file is over its budget
     * @throws CancellationException when the thread is interrupted while waiting for the model; the
     *                               thread stays interrupted
     */
    @Override
    public Hypothesis propose(ResearchContext context) {
        Objects.requireNonNull(context, "context");
        EditableFiles files = readFiles(context);
        List<ChatMessage> conversation = new ArrayList<>();
        conversation.add(SystemMessage.from(PromptBuilder.SYSTEM));
        conversation.add(UserMessage.from(prompts.user(context, files)));
        TokenUsage usage = TokenUsage.ZERO;
        String reply = "";
        String problem = "";
        ParsedReply parsed = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                conversation.add(AiMessage.from(reply.isBlank() ? "(empty reply)" : reply));
                conversation.add(UserMessage.from(problem));
            }
            ModelClient.Reply answer;
            try {
                answer = client.chat(conversation, salt(context, attempt));
            } catch (AutoresearchException e) {
                if (usage.total() == 0) {
                    throw e;
                }
                throw new AutoresearchException(e.getMessage() + unrecorded(usage), e);
            }
            usage = usage.plus(answer.usage());
            reply = answer.text();
            parsed = EditBlockParser.parse(reply);
            if (reply.isBlank()) {
                problem = PromptBuilder.emptyReply();
            } else if (parsed.title().isEmpty()) {
                problem = PromptBuilder.noHypothesis();
            } else if (context.state().hasTried(title(parsed))) {
                // the title as recorded, shortened like this one would be, so a long title is found
                problem = PromptBuilder.duplicate(title(parsed), context.state());
            } else {
                Hypothesis h = new Hypothesis(title(parsed), parsed.rationale(), reply, usage);
                LOG.info("experiment {}: the model proposes \"{}\"", context.experiment(), h.title());
                return h;
            }
            LOG.info("experiment {}: reply {} of {} not usable: {}", context.experiment(), attempt, maxAttempts,
                    firstSentence(problem));
        }
        if (parsed != null && parsed.title().isPresent()) {
            String note = "(proposed again: the model repeated a tried title in " + maxAttempts + " replies)";
            LOG.warn("experiment {}: the model keeps proposing \"{}\", which was already tried; running it again",
                    context.experiment(), parsed.title().get());
            String rationale = parsed.rationale().isBlank() ? note : parsed.rationale() + "\n" + note;
            return new Hypothesis(title(parsed), rationale, reply, usage);
        }
        String reason = "no usable reply from the model in " + maxAttempts + " attempts; the last: "
                + firstSentence(problem);
        LOG.warn("experiment {}: {}", context.experiment(), reason);
        return new Hypothesis(NO_USABLE_REPLY, reason, "", usage);
    }

    /**
     * Applies the edits of the hypothesis's plan, asking the model for corrections when they do not apply.
     *
     * @throws AutoresearchException when the model cannot be reached after the retries or refuses the
     *                               request, or an editable file is over its budget; the loop then stops
     *                               the session without recording this experiment
     * @throws CancellationException when the thread is interrupted while waiting for the model; the
     *                               thread stays interrupted
     */
    @Override
    public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(context, "context");
        if (hypothesis.title().equals(NO_USABLE_REPLY) && hypothesis.plan().isEmpty()) {
            return new MutationResult.Failed(hypothesis.rationale().isBlank()
                    ? "no usable reply from the model" : hypothesis.rationale(), TokenUsage.ZERO);
        }
        EditableFiles files = readFiles(context);
        List<ChatMessage> conversation = new ArrayList<>();
        conversation.add(SystemMessage.from(PromptBuilder.SYSTEM));
        String prompt = prompts.user(context, files);
        TokenUsage usage = TokenUsage.ZERO;
        String reply;
        int request = 100;
        if (needsImplementing(hypothesis.plan())) {
            conversation.add(UserMessage.from(prompt + "\n" + PromptBuilder.implement(hypothesis)));
            ModelClient.Reply answer = ask(conversation, context, request++, "asked to implement the hypothesis",
                    hypothesis.usage());
            usage = usage.plus(answer.usage());
            reply = answer.text();
        } else {
            conversation.add(UserMessage.from(prompt));
            reply = hypothesis.plan();
        }
        List<String> sentBack = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            EditApplier.Result result = EditApplier.applyReply(reply, files, context.spec());
            if (result instanceof EditApplier.Applied) {
                EditApplier.Applied applied = (EditApplier.Applied) result;
                Optional<String> over = files.overBudget(applied.files(), budget());
                if (over.isPresent()) {
                    LOG.warn("experiment {}: {}", context.experiment(), over.get());
                    return new MutationResult.Failed(over.get(), usage);
                }
                LOG.info("experiment {}: edits apply to {} (reply {} of {})", context.experiment(),
                        applied.files().keySet(), attempt, maxAttempts);
                return new MutationResult.Applied(new Change(applied.files()), usage,
                        implemented(hypothesis, reply), sentBack);
            }
            String account = ((EditApplier.Failed) result).account();
            if (attempt >= maxAttempts) {
                String reason = "the model's edits did not apply in " + maxAttempts
                        + (maxAttempts == 1 ? " attempt" : " attempts") + "; the last problems:\n" + account;
                LOG.warn("experiment {}: {}", context.experiment(), reason);
                return new MutationResult.Failed(truncate(reason), usage);
            }
            LOG.info("experiment {}: edits of reply {} of {} do not apply; asking for a correction:\n{}",
                    context.experiment(), attempt, maxAttempts, account);
            if (!reply.equals(hypothesis.plan())) {
                sentBack.add(reply);
            }
            conversation.add(AiMessage.from(reply.isBlank() ? "(empty reply)" : reply));
            conversation.add(UserMessage.from(PromptBuilder.correction(account)));
            ModelClient.Reply answer = ask(conversation, context, request++,
                    "asked to correct edits that did not apply", hypothesis.usage().plus(usage));
            usage = usage.plus(answer.usage());
            reply = answer.text();
        }
    }

    /**
     * The hypothesis of the reply whose edits applied, when that is not the plan asked for (a
     * correction, an implementation of another generator's idea): its title when it has one, and
     * that reply as the plan, so that the record names the code measured and a making again on a
     * newer champion starts from the edits that applied.
     */
    private static Optional<Hypothesis> implemented(Hypothesis asked, String reply) {
        if (reply.equals(asked.plan())) {
            return Optional.empty();
        }
        ParsedReply parsed = EditBlockParser.parse(reply);
        if (parsed.title().isEmpty()) {
            return Optional.of(new Hypothesis(asked.title(), asked.rationale(), reply, asked.usage()));
        }
        String rationale = parsed.rationale().isBlank() ? asked.rationale() : parsed.rationale();
        return Optional.of(new Hypothesis(title(parsed), rationale, reply, asked.usage()));
    }

    /**
     * True when the plan is not a reply of this strategy's kind (no {@code HYPOTHESIS:} line and no edit
     * blocks, such as another generator's prose plan), so the model must be asked to implement it.
     */
    private static boolean needsImplementing(String plan) {
        if (plan.isBlank()) {
            return true;
        }
        ParsedReply parsed = EditBlockParser.parse(plan);
        return parsed.title().isEmpty() && parsed.blocks().isEmpty() && parsed.problems().isEmpty();
    }

    /**
     * One request of {@link #mutate}. When it fails, the experiment cannot be finished: the exception
     * stops the session, which records nothing for it and proposes it again on resume.
     */
    private ModelClient.Reply ask(List<ChatMessage> conversation, ResearchContext context, int request, String when,
                                  TokenUsage spentBefore) {
        try {
            return client.chat(conversation, salt(context, request));
        } catch (AutoresearchException e) {
            // Not logged here: the loop reports the failure that stops it, and a second line would repeat it.
            throw new AutoresearchException("experiment " + context.experiment() + " was not finished: the model failed"
                    + " when " + when + ": " + e.getMessage() + unrecorded(spentBefore), e);
        }
    }

    /**
     * The note on tokens that no journal record will hold: those of the replies this experiment had
     * before the request that stopped the session. The loop records nothing for an experiment whose
     * strategy throws, and a {@link AutoresearchException} cannot carry a usage, so token and cost
     * budgets undercount by these.
     */
    private static String unrecorded(TokenUsage usage) {
        if (usage.total() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (the %,d tokens of this experiment's earlier replies, %,d in and %,d"
                + " out, are not in the journal, so token and cost limits do not count them)",
                usage.total(), usage.inputTokens(), usage.outputTokens());
    }

    private EditableFiles readFiles(ResearchContext context) {
        return EditableFiles.read(context.worktree(), context.spec(), budget());
    }

    private EditableFiles.Budget budget() {
        return new EditableFiles.Budget(fileBudgetBytes, "the file budget (" + FILE_BUDGET_SETTING + ")",
                totalBudgetBytes, "the total budget (" + TOTAL_BUDGET_SETTING + ")", maxFiles);
    }

    private static long salt(ResearchContext context, int request) {
        return context.experiment() * 1_000L + request;
    }

    private static String title(ParsedReply parsed) {
        String t = parsed.title().orElseThrow().strip();
        return t.length() <= TITLE_CHARS ? t : t.substring(0, TITLE_CHARS - 3) + "...";
    }

    private static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot < 0 ? text : text.substring(0, dot + 1);
    }

    private static String truncate(String reason) {
        return reason.length() <= REASON_CHARS ? reason : reason.substring(0, REASON_CHARS - 3) + "...";
    }

    @Override
    public String toString() {
        return "LlmStrategy[name=" + name + ", maxAttempts=" + maxAttempts + ", historyRows=" + historyRows
                + ", keptRows=" + keptRows + ", " + retry + "]";
    }

    /** Assembles an {@link LlmStrategy}; each setter checks its argument, {@link #build()} the whole. */
    public static final class Builder {
        private ChatModel model;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private long fileBudgetBytes = DEFAULT_FILE_BUDGET_BYTES;
        private long totalBudgetBytes = DEFAULT_TOTAL_BUDGET_BYTES;
        private int maxFiles = DEFAULT_MAX_FILES;
        private int historyRows = DEFAULT_HISTORY_ROWS;
        private int keptRows = DEFAULT_KEPT_ROWS;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.system();
        private String name = "llm";

        private Builder() {
        }

        /** The model, from any langchain4j provider; required. */
        public Builder model(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Replies tried per experiment for a usable hypothesis, and again for edits that apply; 3 by default. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 20, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The largest editable file shown to the model, in bytes; a larger one is an error naming it. */
        public Builder fileBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("fileBudgetBytes must be positive, got " + bytes);
            }
            this.fileBudgetBytes = bytes;
            return this;
        }

        /** The most bytes of editable files shown to the model together. */
        public Builder totalBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("totalBudgetBytes must be positive, got " + bytes);
            }
            this.totalBudgetBytes = bytes;
            return this;
        }

        /** The most editable files shown to the model. */
        public Builder maxFiles(int maxFiles) {
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
            }
            this.maxFiles = maxFiles;
            return this;
        }

        /**
         * The rows of the history table after the baseline, 20 by default: kept experiments first (up
         * to {@link #keptRows}), the rest for the most recent others; what does not fit is counted. From
         * this many experiments on, the table, and so the prompt, no longer grows.
         */
        public Builder historyRows(int rows) {
            if (rows < 1 || rows > 1000) {
                throw new IllegalArgumentException("historyRows must be between 1 and 1000, got " + rows);
            }
            this.historyRows = rows;
            return this;
        }

        /**
         * The most kept experiments among the history rows, 15 by default; the rows left go to the most
         * recent other experiments. Beyond it the oldest kept experiments are counted, not listed: a
         * session that keeps often (a noisy metric, no threshold) would otherwise squeeze out the recent
         * failures the model learns most from. The changes they made are in the code shown anyway.
         */
        public Builder keptRows(int rows) {
            if (rows < 0 || rows > 1000) {
                throw new IllegalArgumentException("keptRows must be between 0 and 1000, got " + rows);
            }
            this.keptRows = rows;
            return this;
        }

        /** How failed requests are retried; {@link RetryPolicy#DEFAULT} unless set. */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** How to wait between retries, for tests; the calling thread sleeps unless set. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The strategy name recorded with each experiment; {@code llm} unless set. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name.strip();
            return this;
        }

        /** @throws IllegalStateException when no model was set or the settings contradict each other */
        public LlmStrategy build() {
            if (model == null) {
                throw new IllegalStateException("an LlmStrategy needs a model: call model(ChatModel)"
                        + " (ModelFactory makes one from 'provider:model')");
            }
            if (keptRows > historyRows) {
                throw new IllegalStateException("keptRows (" + keptRows + ") must not exceed historyRows ("
                        + historyRows + ")");
            }
            if (fileBudgetBytes > totalBudgetBytes) {
                throw new IllegalStateException("fileBudgetBytes (" + fileBudgetBytes
                        + ") must not exceed totalBudgetBytes (" + totalBudgetBytes + ")");
            }
            return new LlmStrategy(this);
        }
    }
}
