package dev.autoresearch.host.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.StrategyContext;
import dev.autoresearch.host.StrategyProvider;
import dev.autoresearch.host.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in {@code tune} strategy: the parameter tuner over program.md's {@code tune} list. It
 * changes numbers only, so its runs are not confined unless program.md asks.
 */
public final class TuneStrategyProvider implements StrategyProvider {
    /** The strategy hosts use when no model is configured and none is named. */
    public static final String NAME = "tune";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean confinedByDefault() {
        return false;
    }

    @Override
    public void check(StrategyContext context) {
        ProgramSpec spec = context.spec();
        OptionStyle style = context.style();
        if (spec.tune().isEmpty()) {
            Path dir = context.workingDirectory().toAbsolutePath().normalize();
            throw new UsageException("no parameters for the tune strategy in "
                    + spec.source().map(p -> display(dir, p)).orElse("the " + style.plural()) + " or the "
                    + style.name("tune") + " " + style.plural(),
                    "add a 'tune' list to program.md or pass " + style.name("tune")
                            + (style == OptionStyle.FLAGS ? " " : "=") + "FILE:NAME=LOW..HIGH; or use a model: "
                            + style.name("model") + (style == OptionStyle.FLAGS ? " " : "=") + "PROVIDER:MODEL");
        }
    }

    /** A path relative to {@code dir} where it lies under it. */
    private static String display(Path dir, Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(dir) && !p.equals(dir) ? dir.relativize(p).toString() : p.toString();
    }

    @Override
    public LoopComponents.Strategy create(StrategyContext context) {
        ProgramSpec spec = context.spec();
        OptionStyle style = context.style();
        String hint = spec.source()
                .map(p -> "fix the 'tune' list in " + p.getFileName() + " or the " + style.name("tune") + " "
                        + style.plural())
                .orElse("fix the " + style.name("tune") + " " + style.plural());
        ParameterTuner tuner;
        try {
            tuner = ParameterTuner.create(spec.tune(), context.settings().seed());
        } catch (UsageException e) {
            throw e;
        } catch (AutoresearchException e) {
            throw new UsageException(e.getMessage(), hint);
        }
        validate(tuner, context.workingDirectory(), hint);
        return LoopComponents.Strategy.of(tuner);
    }

    /**
     * Every tuned constant must be assigned once, to a number: a usage error before the session opens. A
     * new session's experiments start from the last commit, so that is what is read; a repository without
     * one is told to commit when the session opens.
     */
    private static void validate(ParameterTuner tuner, Path workingDirectory, String hint) {
        Path root = Sessions.repositoryRoot(workingDirectory);
        Optional<CommittedFiles> head = CommittedFiles.head(root);
        if (head.isEmpty()) {
            return;
        }
        Set<String> uncommittedChanges = new TreeSet<>();
        try {
            tuner.validate(file -> {
                Optional<String> committed = head.get().read(file);
                Optional<String> checkout = readIfPresent(root.resolve(file));
                if (committed.isEmpty() && checkout.isPresent()) {
                    throw new UsageException(file + " is not committed; the experiments start from the last commit "
                            + "(HEAD), which does not have it", "commit it first: git add " + file + " && git commit");
                }
                if (!committed.equals(checkout)) {
                    uncommittedChanges.add(file);
                }
                return committed;
            });
        } catch (UsageException e) {
            throw e;
        } catch (AutoresearchException e) {
            if (uncommittedChanges.isEmpty()) {
                throw new UsageException(e.getMessage(), hint);
            }
            throw new UsageException(e.getMessage() + "\n  (as committed: the experiments start from the last commit, "
                    + "and " + String.join(", ", uncommittedChanges) + " has uncommitted changes)",
                    "commit your changes first, or " + hint);
        }
    }

    private static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
