package dev.autoresearch.cli;

import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.host.report.HtmlReport;
import dev.autoresearch.host.report.ReportServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code autoresearch serve}: serves a session's report on 127.0.0.1 until stopped; the page
 * reloads itself when the journal changes, so a session on a remote machine can be watched through
 * an SSH tunnel.
 */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_USAGE, ExitCodes.HELP_INFRASTRUCTURE,
                ExitCodes.HELP_INTERRUPTED},
        description = {"Serve a session's report on 127.0.0.1 (this machine only) until Ctrl-C; the page reloads "
                + "itself after every experiment.",
                "From another machine: ssh -L 8734:localhost:8734 HOST, then open http://localhost:8734/"})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--tag", paramLabel = "TAG", description = "The session (default: the most recently active one).")
    String tag;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ReportServer.DEFAULT_PORT,
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    ServeCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new UsageException("invalid value for option '--port': " + port + " is not a port",
                    "use a number from 1 to 65535, or 0 for a free one");
        }
        PrintWriter out = context.out();
        Path root = Sessions.repositoryRoot(context.workingDirectory());
        SessionFiles files = Sessions.select(root, Optional.ofNullable(tag));
        CountDownLatch stopped = new CountDownLatch(1);
        try (ReportServer server = ReportServer.start(files, new HtmlReport(), port);
             ShutdownHooks.Registration ignored = context.shutdownHooks().register(new Thread(stopped::countDown,
                     "autoresearch-serve-stop"))) {
            out.println("autoresearch: serving the report of session " + files.directory().getFileName()
                    + " at " + server.url());
            out.println("  port " + server.port() + " on this machine only; from another: ssh -L "
                    + server.port() + ":localhost:" + server.port() + " HOST, then open http://localhost:"
                    + server.port() + "/");
            out.println("  the page reloads itself when the session records an experiment; Ctrl-C stops");
            out.flush();
            stopped.await();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.INTERRUPTED;
        }
    }
}
