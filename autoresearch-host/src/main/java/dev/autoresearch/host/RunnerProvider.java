package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRunner;

/**
 * Makes a runner that hosts offer by name: {@code --runner NAME}, program.md's {@code runner: NAME},
 * the Maven plugin's {@code autoresearch.runner}. Hosts find providers with {@link java.util.ServiceLoader}:
 * a jar on the classpath that lists its class in
 * {@code META-INF/services/dev.autoresearch.host.RunnerProvider} makes its runner available, as the
 * built-in {@code local} and {@code slurm} runners are.
 *
 * <p>An implementation has a public constructor without parameters and keeps no state of its own:
 * {@link #create} is called once per session, before the baseline.
 */
public interface RunnerProvider {
    /** The name users select it by: one word, such as {@code kubernetes}; matched regardless of case. */
    String name();

    /**
     * The runner for a session: {@code context} holds the program, the runner's own settings
     * (program.md's {@code runner-options}), whether runs must be confined, and the host's environment.
     *
     * @throws UsageException when the settings do not allow it, naming the setting at fault and what to do
     */
    ExperimentRunner create(RunnerContext context);
}
