package dev.autoresearch.maven;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.HostOptions;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.ProgressLines;
import dev.autoresearch.host.RunOutcome;
import dev.autoresearch.host.RunnerChoice;
import dev.autoresearch.host.SessionSetup;
import dev.autoresearch.host.StopOnExit;
import dev.autoresearch.host.Summary;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.runners.Sandbox;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code mvn autoresearch:run}: runs (or resumes) a research session from program.md, as
 * {@code autoresearch run} does: the same session folder ({@code .autoresearch/<tag>/} at the
 * repository's root), journal and branch, so either resumes or reports a session the other started.
 * Every program.md key has a parameter that overrides it, as the command has a flag.
 */
@Mojo(name = "run", aggregator = true, threadSafe = true)
public final class RunMojo extends ProgramMojo {
    /** The session's name; its branch is autoresearch/TAG (default: today's date, such as nov28). An existing tag resumes. */
    @Parameter(property = "autoresearch.tag")
    String tag;

    /**
     * Before going on, bring into the session the commits made on your branch since it started (a fix after a
     * crash streak, say): its kept changes are replayed on them and the new base is measured as the new baseline.
     */
    @Parameter(property = "autoresearch.rebase", defaultValue = "false")
    boolean rebase;

    /**
     * Start without what earlier sessions of this repository put in the ideas ledger: their changes are not
     * refused and the model is not shown them.
     */
    @Parameter(property = "autoresearch.freshMemory", defaultValue = "false")
    boolean freshMemory;

    /** Seed for the strategy's random choices; the same seed makes the same decisions. */
    @Parameter(property = "autoresearch.seed", defaultValue = "0")
    long seed;

    /** The model for the llm strategy, such as openai:gpt-4.1 (else the environment's AUTORESEARCH_MODEL). */
    @Parameter(property = "autoresearch.model")
    String model;

    /** An OpenAI-compatible endpoint for the model (else the environment's AUTORESEARCH_BASE_URL). */
    @Parameter(property = "autoresearch.baseUrl")
    String baseUrl;

    /** Stop once the model has used this many tokens in all. */
    @Parameter(property = "autoresearch.maxTokens")
    Long maxTokens;

    /** Stop once the model has cost this much, priced with prices. */
    @Parameter(property = "autoresearch.maxCost")
    Double maxCost;

    /** Prices per million input and output tokens, such as 3,15. */
    @Parameter(property = "autoresearch.prices")
    String prices;

    /** The most tokens one model reply may have. */
    @Parameter(property = "autoresearch.maxReplyTokens")
    Integer maxReplyTokens;

    /** The largest editable file the model is shown, such as 64k or 1m (default 100000 bytes). */
    @Parameter(property = "autoresearch.fileBudget")
    String fileBudget;

    /** Skips the goal. */
    @Parameter(property = "autoresearch.skip", defaultValue = "false")
    boolean skip;

    @Override
    void run() throws MojoFailureException {
        if (skip) {
            getLog().info("autoresearch: skipped");
            return;
        }
        // The plugin's own dependencies are on its class path: a jar added there provides runners and strategies.
        DefaultComponents components = new DefaultComponents(System.getenv(), OptionStyle.MAVEN);
        SessionSetup.checkNames(given(runner), given(strategy), components.providers(), OptionStyle.MAVEN);
        Program p = program();
        ProgramSpec spec = p.spec();
        HostOptions options = hostOptions();
        String strategyName = SessionSetup.strategySettings(spec, options, directory(), components.providers()).name();
        // Confined as the command confines: program.md's sandbox when given, else the strategy's default.
        Optional<Sandbox> sandbox = SessionSetup.sandbox(spec, options, directory(), components,
                Optional.ofNullable(System.getenv("HOME")));
        ResearchLoop.Builder builder = SessionSetup.configure(directory(), spec, options, components, sandbox);
        sandbox.ifPresent(box -> getLog().info("autoresearch: " + RunnerChoice.describe(box, spec, strategyName,
                OptionStyle.MAVEN)));
        ProgressLines progress = new ProgressLines(spec, p.name(), line -> getLog().info(line))
                .warnings(line -> getLog().warn(line));
        builder.listener(progress);
        // progress.png and report.html, rewritten after every experiment, as the command does
        builder.listener(new dev.autoresearch.host.report.SessionReports(new dev.autoresearch.host.report.HtmlReport(),
                message -> getLog().warn("autoresearch: " + message)));

        StopOnExit stop = new StopOnExit(Thread.currentThread(), notice -> getLog().warn(notice));
        Runtime.getRuntime().addShutdownHook(stop.hook());
        try {
            ResearchReport report;
            try {
                ResearchLoop loop;
                try {
                    loop = builder.build();
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage(), OptionStyle.MAVEN.help() + " (workers, devices)");
                }
                progress.lanes(loop.lanes());
                report = loop.run();
            } catch (AutoresearchException e) {
                if (Thread.interrupted()) {
                    throw new MojoFailureException("autoresearch: interrupted: " + e.getMessage()
                            + "; run the same goal again to resume", e);
                }
                throw e;
            }
            RunOutcome outcome = RunOutcome.of(report, spec, Thread.interrupted());
            Summary.print(logWriter(), report, spec, this::display, false);
            if (outcome == RunOutcome.INTERRUPTED) {
                int recorded = report.state().experimentsRun();
                throw new MojoFailureException(String.format(Locale.ROOT, "autoresearch: interrupted with %d experiment%s "
                        + "recorded after the baseline; run the same goal again to resume", recorded,
                        recorded == 1 ? "" : "s"));
            }
            if (outcome == RunOutcome.EXPERIMENT_FAILED) {
                throw new MojoFailureException(String.format(Locale.ROOT, "autoresearch: the session stopped after "
                        + "%d failed experiments in a row; see %s", report.state().failureStreak(),
                        display(report.journal())));
            }
        } finally {
            stop.finished();
            try {
                Runtime.getRuntime().removeShutdownHook(stop.hook());
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private static Optional<String> given(String parameter) {
        return parameter == null || parameter.isBlank() ? Optional.empty() : Optional.of(parameter.strip());
    }

    /** The options that are not program.md keys, as the parameters give them. */
    HostOptions hostOptions() {
        HostOptions.Builder o = HostOptions.builder(OptionStyle.MAVEN).environment(System.getenv()).seed(seed)
                .rebase(rebase).freshMemory(freshMemory);
        if (tag != null) {
            o.tag(tag);
        }
        if (model != null) {
            o.model(model);
        }
        if (baseUrl != null) {
            o.baseUrl(baseUrl);
        }
        if (maxTokens != null) {
            o.maxTokens(maxTokens);
        }
        if (maxCost != null) {
            o.maxCost(maxCost);
        }
        if (prices != null) {
            o.prices(prices);
        }
        if (maxReplyTokens != null) {
            o.maxReplyTokens(maxReplyTokens);
        }
        if (fileBudget != null) {
            o.fileBudget(ProgramMojo.parse("file-budget", fileBudget, dev.autoresearch.host.ProgramValues::size));
        }
        return o.build();
    }
}
