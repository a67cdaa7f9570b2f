package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a session's runs may reach, decided alike for every host: program.md's {@code sandbox} (or
 * the host's option for it) when given, else the strategy's default
 * ({@link StrategyProvider#confinedByDefault()}): on for the llm strategy, whose code a model writes,
 * and off for the tuner, which only changes numbers. The runner named is told, and refuses when it
 * cannot confine its runs.
 */
public final class RunnerChoice {
    private RunnerChoice() {
    }

    /**
     * The sandbox for a session's runs, or empty when they run unconfined.
     *
     * @param strategy the strategy the session uses
     * @param home  the {@code HOME} variable, when set; else the JVM's {@code user.home}, for {@code ~} in
     *              {@code sandbox-writable}
     * @param style how the host names its options, for the error
     * @throws UsageException when a {@code sandbox-writable} path is not usable
     */
    public static Optional<Sandbox> sandbox(ProgramSpec spec, StrategyProvider strategy, Optional<String> home,
                                            OptionStyle style) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(style, "style");
        boolean confined = spec.sandbox().orElse(strategy.confinedByDefault());
        if (!confined) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sandbox.writable(spec.sandboxWritable(), Path.of(home.orElse(System.getProperty("user.home")))));
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for 'sandbox-writable' (program.md, or "
                    + style.name("sandbox-writable") + "): " + e.getMessage());
        }
    }

    /**
     * The line that says a session is confined: what its runs may write, and why it is on when nobody asked.
     *
     * @param strategy the name of the strategy the session uses
     */
    public static String describe(Sandbox sandbox, ProgramSpec spec, String strategy, OptionStyle style) {
        List<String> writable = new ArrayList<>(List.of("the worktree", "a private /tmp"));
        sandbox.writable().forEach(p -> writable.add(p.toString()));
        String off = style == OptionStyle.FLAGS ? "--no-sandbox" : "-D" + style.name("sandbox") + "=false";
        String why = spec.sandbox().isPresent() ? "" : " (on by default for the " + strategy + " strategy; " + off + " turns it off)";
        return "experiments run in a sandbox (bubblewrap) that may write only " + String.join(", ", writable) + why;
    }
}
