package dev.autoresearch.cli;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AutoresearchCommandTest {
    @TempDir
    Path dir;

    @Test
    void eachKindOfErrorHasItsExitCode() {
        assertThat(ExitCodes.of(new BaselineFailedException("b"))).isEqualTo(1);
        assertThat(ExitCodes.of(new UsageException("u"))).isEqualTo(2);
        assertThat(ExitCodes.of(new ProgramSpecException("p", "metric", 3))).isEqualTo(2);
        assertThat(ExitCodes.of(new SessionInUseException("s"))).isEqualTo(3);
        assertThat(ExitCodes.of(new AutoresearchException("git is not installed"))).isEqualTo(4);
        assertThat(ExitCodes.of(new UncheckedIOException(new java.io.IOException("disk full")))).isEqualTo(4);
        assertThat(ExitCodes.of(new IllegalStateException("a bug"))).isEqualTo(4);
        assertThat(ExitCodes.INTERRUPTED).isEqualTo(130);
    }

    CliContext context(StringWriter out, StringWriter err) {
        return new CliContext(dir, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false,
                new DefaultComponents(Map.of()), InstantSource.system(), ShutdownHooks.none());
    }

    @Test
    void errorsAreOneLineAndTheStackTraceOnlyWithVerbose() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext quiet = context(out, err);

        int code = AutoresearchCommand.report(quiet, new AutoresearchException("git not found: install git and try again"));

        assertThat(code).isEqualTo(4);
        assertThat(err.toString()).isEqualTo("autoresearch: git not found: install git and try again" + System.lineSeparator());

        StringWriter err2 = new StringWriter();
        CliContext verbose = context(new StringWriter(), err2);
        verbose.verbose(true);
        AutoresearchCommand.report(verbose, new AutoresearchException("git not found"));
        assertThat(err2.toString()).contains("autoresearch: git not found", "\tat ");

        StringWriter err3 = new StringWriter();
        int bug = AutoresearchCommand.report(context(new StringWriter(), err3), new NullPointerException("x"));
        assertThat(bug).isEqualTo(4);
        assertThat(err3.toString()).contains("unexpected error: java.lang.NullPointerException: x", "--verbose")
                .doesNotContain("\tat ");
    }

    @Test
    void verboseAnywhereOnTheLineShowsTheTrace() {
        Cli.Result r = new Cli(dir).run("status", "--verbose");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not inside a git repository", "\tat ");
    }

    @Test
    void helpVersionAndAMissingOrUnknownCommand() {
        Cli cli = new Cli(dir);
        Cli.Result help = cli.run("--help");
        assertThat(help.code()).isEqualTo(0);
        assertThat(help.out()).contains("Commands:", "run", "status", "report", "init", "Exit codes:",
                "130", "interrupted");
        Cli.Result runHelp = cli.run("run", "--help");
        assertThat(runHelp.code()).isEqualTo(0);
        assertThat(runHelp.out()).contains("--metric", "--direction", "--run", "--timeout", "--editable", "--readonly",
                "--checks", "--checks-timeout", "--secondary", "--constraint", "--repeats", "--min-improvement",
                "--max-experiments", "--max-duration", "--target", "--patience", "--crash-streak", "--env", "--tune",
                "--tag", "--seed", "--strategy", "--model", "--base-url", "--max-tokens", "--devices", "Exit codes:");
        assertThat(cli.run("--version").out()).startsWith("autoresearch ");

        Cli.Result none = cli.run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("autoresearch: missing command: run, status, report, serve, init or rm");

        Cli.Result unknown = cli.run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("autoresearch: Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void anUnknownFlagNamesTheFlagsItMayHaveMeant() {
        Cli.Result r = new Cli(dir).run("run", "--max-experiment", "3");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: Unknown option: '--max-experiment'")
                .contains("\n  did you mean --max-experiments?\n");
    }

    @Test
    void helpBreaksLinesAtSpacesNeverInsideAValue() {
        Cli.Result help = new Cli(dir).run("run", "--help");

        assertThat(help.out()).contains("openai:gpt-4o-mini", "~/.cache");
        assertThat(help.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
