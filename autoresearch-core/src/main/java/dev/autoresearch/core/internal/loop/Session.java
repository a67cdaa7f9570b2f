package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.session.ProtectedFiles;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionFiles;

/** The open resources of a running session, shared by the engine and its steps. */
record Session(
        ResearchLoop.Config config,
        SessionFiles files,
        GitWorkspace workspace,
        Journal journal,
        ResultsTable results,
        ProtectedFiles protectedFiles) {

    ProgramSpec spec() {
        return config.spec();
    }
}
