package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.runners.Sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RunnerProvider} builds its runner from.
 *
 * @param spec        the session's program
 * @param devices     accelerator ids the runner spreads its runs over itself; empty when the lanes give each
 *                    run its devices (what hosts do)
 * @param sandbox     present when the runs must be confined to their worktree (program.md's {@code sandbox},
 *                    or the strategy's default); a runner that cannot confine them refuses, saying how to turn
 *                    the sandbox off
 * @param environment the host's environment
 * @param style       how the host names its options, for messages
 */
public record RunnerContext(ProgramSpec spec, List<String> devices, Optional<Sandbox> sandbox,
                            Map<String, String> environment, OptionStyle style) {
    public RunnerContext {
        Objects.requireNonNull(spec, "spec");
        devices = List.copyOf(devices);
        Objects.requireNonNull(sandbox, "sandbox");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(style, "style");
    }

    /** The runner's own settings: program.md's {@code runner-options} with the host's overrides. */
    public Map<String, String> options() {
        return spec.providers().runnerOptions();
    }

    /** One of the runner's own settings, when given. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options().get(key));
    }

    /**
     * The error for a runner setting whose value the runner cannot use, naming where it is set.
     *
     * @param why what is wrong and what is expected, such as "expected a whole number, got 'many'"
     */
    public UsageException invalidOption(String key, String why) {
        return new UsageException("invalid value for runner option '" + key + "' (program.md's runner-options, or "
                + style.name("runner-option") + (style == OptionStyle.FLAGS ? " " : "=") + key + "=VALUE): " + why);
    }
}
