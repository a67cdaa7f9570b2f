package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.RunnerContext;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.runners.Sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JVM for {@link DefaultComponentsTest} started with a {@code PATH} that has no {@code bwrap}:
 * asks for a sandboxed runner and prints the usage error it gets.
 */
public final class NoBwrapFixture {
    private NoBwrapFixture() {
    }

    public static void main(String[] args) {
        try {
            new DefaultComponents(Map.of()).runner("local", new RunnerContext(ProgramSpec.builder().metric("score")
                    .direction(Direction.MINIMIZE).run("true").build(), List.of(), Optional.of(Sandbox.confined()),
                    Map.of(), OptionStyle.FLAGS));
            System.out.println("built");
        } catch (UsageException e) {
            System.out.println("usage: " + e.getMessage());
        }
    }
}
