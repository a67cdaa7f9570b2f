package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.internal.decide.Tampering;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change to what the lanes share (the user's branches), found after one lane's run while another
 * lane's run was in flight, is not pinned on the run that ended first: both are suspects.
 */
class SessionGuardSuspectsTest {
    @TempDir
    Path dir;

    @Test
    void aChangeFoundWithTwoRunsInFlightNamesBothAndOneFoundWithOneRunNamesIt() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").commitAll("initial");
        String main = repo.git("rev-parse", "--abbrev-ref", "HEAD");
        String commit = repo.git("rev-parse", "HEAD");
        SessionFiles files = SessionFiles.of(repo.root(), "t1");
        GitWorkspace git = GitWorkspace.open(repo.root(), "t1");
        try (SessionLock lock = SessionLock.acquire(files.lock(), "t1"); Journal journal = Journal.open(files.journal())) {
            SessionGuard guard = new SessionGuard(journal, lock, new ResultsTable(files.results(), "score", List.of()),
                    List::of, Optional.empty(), git, new LedgerGuard(IdeasLedger.of(repo.root()), "t1", tag -> false));
            guard.check(); // writes results.tsv, which this session has not written yet

            guard.runStarted(1);
            guard.runStarted(2);
            repo.git("update-ref", "-d", "refs/heads/" + main); // lane 2's run, still sleeping
            guard.runEnded(1);
            Tampering found = guard.inspect();
            assertThat(found.changed()).containsExactly("branch " + main + " (deleted)");
            assertThat(found.suspects()).containsExactlyInAnyOrder(1, 2);
            assertThat(found.attributableTo(1)).isFalse();
            assertThat(repo.git("rev-parse", "refs/heads/" + main)).isEqualTo(commit);

            // Lane 2 alone since then: what is found now is its run's.
            repo.git("update-ref", "-d", "refs/heads/" + main);
            guard.runEnded(2);
            Tampering again = guard.inspect();
            assertThat(again.suspects()).isEqualTo(Set.of(2));
            assertThat(again.attributableTo(2)).isTrue();
            assertThat(guard.inspect().found()).isFalse();
        }
    }
}
