package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.FinalGain;
import dev.autoresearch.core.keep.KeepSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The keep rule and confidence a recorded session ran under, for readers that have only its files
 * ({@code status}, the report), so that they show its final gain as the run's summary did.
 *
 * <p>The journal's header records them. A journal written before it did: they are those of the program.md at the root of the
 * checkout that holds the session, when its contract hashes to the one the journal's header
 * recorded (it has not changed since the session started). Otherwise the rule is read from the
 * records: only a keep decided by a test records the confidence it reached, so a best that has one
 * was kept by the {@code significant} rule on a noisy metric, and a best without one was not; and
 * the confidence is the default, 95%. A session started with another confidence through a flag,
 * or from a program file elsewhere, then shows its final interval at 95%, which the line says.
 *
 * @param rule       the keep rule
 * @param confidence the confidence of the final gain's interval
 */
public record RecordedKeep(KeepSettings.Rule rule, double confidence) {
    public RecordedKeep {
        Objects.requireNonNull(rule, "rule");
    }

    /** The settings of the session in {@code files}, whose journal begins with {@code header} and holds {@code state}. */
    public static RecordedKeep of(SessionFiles files, JournalHeader header, ResearchState state) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(state, "state");
        if (header.keep().isPresent()) {
            return new RecordedKeep(header.keep().get().rule(), header.keep().get().confidence());
        }
        Optional<KeepSettings> program = programAtRoot(files)
                .filter(spec -> spec.hash().equals(header.programHash())).map(ProgramSpec::keep);
        if (program.isPresent()) {
            return new RecordedKeep(program.get().rule(), program.get().confidence());
        }
        boolean tested = state.best().filter(b -> !b.isBaseline() && b.confidence().isPresent()).isPresent();
        return new RecordedKeep(tested ? KeepSettings.Rule.SIGNIFICANT : KeepSettings.Rule.GREEDY,
                KeepSettings.DEFAULT.confidence());
    }

    /** The session's final gain under these settings: see {@link FinalGain}. */
    public Optional<Evidence> finalGain(ResearchState state, JournalHeader header) {
        return FinalGain.of(state, header.metric(), header.direction(), rule, confidence);
    }

    private static Optional<ProgramSpec> programAtRoot(SessionFiles files) {
        Path sessions = Objects.requireNonNull(files, "files").directory().toAbsolutePath().getParent();
        if (sessions == null || sessions.getParent() == null
                || !sessions.getFileName().toString().equals(SessionFiles.ROOT)) {
            return Optional.empty();
        }
        Path program = sessions.getParent().resolve("program.md");
        if (!Files.isRegularFile(program)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProgramSpec.parse(program).build());
        } catch (RuntimeException e) {
            // A program that no longer reads is not the session's contract: the records decide.
            return Optional.empty();
        }
    }
}
