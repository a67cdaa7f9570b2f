package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.internal.session.ProtectedFiles;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One lane: a worktree on a detached HEAD, its devices, its runner and a thread that runs its
 * experiments. A lane measures and never judges; the coordinator tells it what to run next.
 */
final class Lane {
    private final int number;
    private final Worktree worktree;
    private final ExperimentRunner runner;
    private final List<String> devices;
    private final ProtectedFiles protectedFiles;
    private final ExecutorService thread;
    private int failuresInARow;
    private boolean retired;

    Lane(int number, Worktree worktree, ExperimentRunner runner, List<String> devices, ProtectedFiles protectedFiles) {
        this.number = number;
        this.worktree = worktree;
        this.runner = runner;
        this.devices = List.copyOf(devices);
        this.protectedFiles = protectedFiles;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "autoresearch-lane-" + number);
            t.setDaemon(true);
            return t;
        });
    }

    int number() {
        return number;
    }

    Worktree worktree() {
        return worktree;
    }

    ExperimentRunner runner() {
        return runner;
    }

    List<String> devices() {
        return devices;
    }

    ProtectedFiles protectedFiles() {
        return protectedFiles;
    }

    ExecutorService thread() {
        return thread;
    }

    /** Counts an outcome of this lane; returns the crashes and timeouts in a row so far. */
    int countOutcome(boolean failed) {
        failuresInARow = failed ? failuresInARow + 1 : 0;
        return failuresInARow;
    }

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }
}
