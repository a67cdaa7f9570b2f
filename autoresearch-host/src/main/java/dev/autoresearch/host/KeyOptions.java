package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A host's option for every program.md key ({@link ProgramKeys}): the command's flag
 * ({@code --max-experiments}) or the Maven plugin's parameter ({@code maxExperiments}, user property
 * {@code autoresearch.maxExperiments}). An option that is given overrides the file's value; a list
 * key's option replaces the file's list, while {@code constraint}, {@code column} and {@code env} add
 * to or replace the file's entries by name. Errors name the option as the host writes it.
 */
public final class KeyOptions {
    private KeyOptions() {
    }

    /** The Maven plugin's parameter of {@code key}: {@code maxExperiments}. */
    public static String parameter(ProgramKey key) {
        return OptionStyle.camel(key.option());
    }

    /**
     * Sets {@code values} (one for a single-valued key, blank ones ignored) on {@code builder}.
     *
     * @throws UsageException naming the option, as {@code style} writes it, when the contract rejects the value
     */
    public static void apply(ProgramKey key, ProgramSpec.Builder builder, List<String> values, OptionStyle style) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(style, "style");
        try {
            key.apply(builder, values);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + style.name(key.option()) + "': " + e.getMessage(),
                    style.help());
        }
    }

    /**
     * Sets every key that has values on {@code builder}, in the declaration's order, after the checks
     * that span keys: a holdout's run and metric go together when program.md declares no holdout
     * (one alone would leave the other to a guess).
     *
     * @param values the values a host has for a key, empty when its option is not set
     * @throws UsageException naming the option at fault, as {@code style} writes it
     */
    public static void applyAll(ProgramSpec.Builder builder, Function<ProgramKey, List<String>> values,
                                OptionStyle style) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(style, "style");
        boolean run = given(values.apply(ProgramKeys.HOLDOUT_RUN));
        boolean metric = given(values.apply(ProgramKeys.HOLDOUT_METRIC));
        boolean timeout = given(values.apply(ProgramKeys.HOLDOUT_TIMEOUT));
        if (builder.keep().holdout().isEmpty() && (run || metric || timeout) && !(run && metric)) {
            throw new UsageException(style.name(ProgramKeys.HOLDOUT_RUN.option()) + " and "
                    + style.name(ProgramKeys.HOLDOUT_METRIC.option()) + " go together when program.md declares no "
                    + "holdout", "set both, or declare 'holdout:' with run and metric in program.md");
        }
        for (ProgramKey key : ProgramKeys.all()) {
            List<String> given = values.apply(key);
            if (!given.isEmpty()) {
                apply(key, builder, given, style);
            }
        }
    }

    /**
     * Builds the contract; when it names keys to set (a required key that is missing, a setting that
     * needs another), the message names the host's options for them too: {@code (flags: --metric)}.
     *
     * @throws ProgramSpecException as {@link ProgramSpec.Builder#build()} does
     */
    public static ProgramSpec build(ProgramSpec.Builder builder, OptionStyle style) {
        Objects.requireNonNull(style, "style");
        try {
            return builder.build();
        } catch (ProgramSpecException e) {
            if (e.advice().isEmpty()) {
                throw e;
            }
            List<String> options = e.advice().stream().map(a -> style.setting(ProgramKeys.named(a.key())
                    .map(ProgramKey::option).orElse(a.key()), a.value())).toList();
            throw new ProgramSpecException(e.getMessage() + " (" + style.plural() + ": " + String.join(", ", options)
                    + ")", e.key().orElse(""), e.line().orElse(0), e);
        }
    }

    private static boolean given(List<String> values) {
        return values.stream().anyMatch(v -> !v.isBlank());
    }
}
