package dev.autoresearch.maven;

import dev.autoresearch.host.IdeasListing;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.PrintStream;

/**
 * {@code mvn autoresearch:ideas}: the repository's ideas ledger, what every session tried (kept, then the rest)
 * and the user's ideas of {@code ideas.md} still open, as {@code autoresearch ideas} prints it. It only reads
 * files, so it works while a session runs.
 */
@Mojo(name = "ideas", aggregator = true, threadSafe = true)
public final class IdeasMojo extends AbstractAutoresearchMojo {
    /** Where the listing goes when the log is quiet (-q). */
    PrintStream console = System.out;

    @Override
    void run() {
        printReadOut(console, out -> IdeasListing.print(out, directory(), this::display));
    }
}
