package dev.autoresearch.runners.internal;

/**
 * A process of a run that got away from the ways of finding it that need no privilege (its
 * process group, the run's descendants, the run's marker variable): caught by the run's cgroup,
 * or, where there is none, found still running in the run's directory afterwards.
 *
 * @param pid         its process id
 * @param commandLine what it runs, its arguments separated by spaces
 */
public record EscapedProcess(long pid, String commandLine) {
    static EscapedProcess of(ProcessHandle handle) {
        return new EscapedProcess(handle.pid(), Procs.commandLine(handle));
    }

    @Override
    public String toString() {
        return pid + " (" + commandLine + ")";
    }
}
