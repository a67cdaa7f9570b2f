package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a session's runs go and how far they may reach, decided alike for every host: whether they
 * are confined, and the Slurm runner after the checks that the other options allow it.
 *
 * <p>Confinement: program.md's {@code sandbox} (or the host's option for it) when given, else on
 * for the llm strategy, whose code a model writes, and off for the tuner, which only changes
 * numbers.
 */
public final class RunnerChoice {
    private RunnerChoice() {
    }

    /**
     * The sandbox for a session's runs, or empty when they run unconfined.
     *
     * @param kind  the strategy the session uses
     * @param home  the {@code HOME} variable, when set; else the JVM's {@code user.home}, for {@code ~} in
     *              {@code sandbox-writable}
     * @param style how the host names its options, for the error
     * @throws UsageException when a {@code sandbox-writable} path is not usable
     */
    public static Optional<Sandbox> sandbox(ProgramSpec spec, LoopComponents.Kind kind, Optional<String> home,
                                            OptionStyle style) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(style, "style");
        boolean confined = spec.sandbox().orElse(kind == LoopComponents.Kind.LLM);
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

    /** The line that says a session is confined: what its runs may write, and why it is on when nobody asked. */
    public static String describe(Sandbox sandbox, ProgramSpec spec, OptionStyle style) {
        List<String> writable = new ArrayList<>(List.of("the worktree", "a private /tmp"));
        sandbox.writable().forEach(p -> writable.add(p.toString()));
        String off = style == OptionStyle.FLAGS ? "--no-sandbox" : "-D" + style.name("sandbox") + "=false";
        String why = spec.sandbox().isPresent() ? "" : " (on by default for the llm strategy; " + off + " turns it off)";
        return "experiments run in a sandbox (bubblewrap) that may write only " + String.join(", ", writable) + why;
    }

    /**
     * The Slurm runner, after the checks that the session's other settings allow it: no devices
     * (Slurm places the GPUs) and no sandbox (a job runs on a node the runner does not confine).
     *
     * @throws UsageException naming the option at fault and what to pass instead
     */
    public static ExperimentRunner slurm(LoopComponents components, ProgramSpec spec, Optional<Sandbox> sandbox,
                                         OptionStyle style) {
        String asSlurm = style == OptionStyle.FLAGS ? "--runner slurm" : style.name("runner") + "=slurm";
        if (!spec.lanes().devices().isEmpty()) {
            throw new UsageException(style.name("devices") + " does not apply to " + asSlurm + ": Slurm places the GPUs",
                    "ask for them with " + (style == OptionStyle.FLAGS ? "--slurm-gres gpu:1" : style.name("slurm-gres")
                            + "=gpu:1") + " (or program.md's slurm.gres)");
        }
        if (sandbox.isPresent()) {
            String off = style == OptionStyle.FLAGS ? "--no-sandbox" : "-D" + style.name("sandbox") + "=false";
            throw new UsageException("the sandbox does not apply to " + asSlurm + ": its jobs run unconfined on the "
                    + "cluster's nodes", "pass " + off + " (or program.md's sandbox: false) to run them as jobs");
        }
        return components.slurmRunner(spec.slurm());
    }
}
