package dev.autoresearch.maven;

import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.IdeasListing;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.SessionStatus;
import dev.autoresearch.host.Sessions;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code mvn autoresearch:status}: a session's progress from its journal, as {@code autoresearch
 * status} prints it; it only reads files, so it works while another process (the command or another
 * build) runs the session.
 */
@Mojo(name = "status", aggregator = true, threadSafe = true)
public final class StatusMojo extends AbstractAutoresearchMojo {
    /** The session (default: the most recently active one). */
    @Parameter(property = "autoresearch.tag")
    String tag;

    /** How many of the latest experiments to list. */
    @Parameter(property = "autoresearch.last", defaultValue = "5")
    int last;

    /** Where the status goes when the log is quiet (-q). */
    PrintStream console = System.out;

    @Override
    void run() {
        SessionFiles files = Sessions.select(Sessions.repositoryRoot(directory()), Optional.ofNullable(tag),
                OptionStyle.MAVEN);
        printReadOut(console, out -> {
            SessionStatus.print(out, files, Instant.now(), last, this::display, OptionStyle.MAVEN);
            IdeasListing.userIdeasLine(directory(), this::display).ifPresent(out::println);
        });
    }
}
