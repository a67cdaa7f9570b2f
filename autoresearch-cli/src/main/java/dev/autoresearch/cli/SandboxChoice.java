package dev.autoresearch.cli;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a session's runs are confined, and the line that says so: program.md's {@code sandbox}
 * (or {@code --sandbox}/{@code --no-sandbox}) when given, else on for the llm strategy, whose code a
 * model writes, and off for the tuner, which only changes numbers.
 */
final class SandboxChoice {
    private SandboxChoice() {
    }

    /** @param home the {@code HOME} variable, when set; else the JVM's {@code user.home} */
    static Optional<Sandbox> resolve(ProgramSpec spec, LoopComponents.Kind kind, Optional<String> home) {
        boolean confined = spec.sandbox().orElse(kind == LoopComponents.Kind.LLM);
        if (!confined) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sandbox.writable(spec.sandboxWritable(), Path.of(home.orElse(System.getProperty("user.home")))));
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for 'sandbox-writable': " + e.getMessage());
        }
    }

    /** The line under a confined session's first: what its runs may write, and why it is on when nobody asked. */
    static String describe(Sandbox sandbox, ProgramSpec spec) {
        List<String> writable = new ArrayList<>(List.of("the worktree", "a private /tmp"));
        sandbox.writable().forEach(p -> writable.add(p.toString()));
        String why = spec.sandbox().isPresent() ? "" : " (on by default for the llm strategy; --no-sandbox turns it off)";
        return "  experiments run in a sandbox (bubblewrap) that may write only " + String.join(", ", writable)
                + why;
    }
}
