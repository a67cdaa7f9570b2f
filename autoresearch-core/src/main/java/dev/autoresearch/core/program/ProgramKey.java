package dev.autoresearch.core.program;

import dev.autoresearch.core.ProgramSpec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One program.md key as every reader of it sees it: its name, the kind of value it takes, its
 * default, the bounds a value must keep, a line of documentation, and how a value sets a
 * {@link ProgramSpec.Builder}. The keys are declared once, in {@link ProgramKeys}; the program.md
 * parser, the command's flags and the Maven plugin's parameters follow from that declaration.
 */
public final class ProgramKey {
    /** The kind of value a key takes, which decides how program.md and each host read it. */
    public enum Type {
        /** One string: a command, a name, a keyword. */
        TEXT,
        /** One metric name, without spaces. */
        METRIC,
        /** A duration such as {@code 90s}, {@code 10m} or {@code 1h30m}. */
        DURATION,
        /** A whole number within the key's {@link #range()}. */
        WHOLE,
        /** A number, within the key's {@link #range()} when it has one. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** An option without a value that clears another key ({@code no-checks}); no program.md key of its own. */
        SWITCH,
        /** A list of path patterns. */
        PATTERNS,
        /** A list of metric names. */
        METRICS,
        /** A list of paths a sandboxed run may write: absolute, or starting with {@code ~/}. */
        PATHS,
        /** Device ids such as {@code 0-7} or {@code 0,1}, as one list. */
        DEVICES,
        /** Named entries, {@code NAME=VALUE} outside program.md; each adds to or replaces program.md's entry of that name. */
        ENTRIES,
        /** A list of values each written whole ({@code memory_gb<=80}); the list replaces or adds as the key says. */
        ITEMS
    }

    /**
     * The bounds of a number key.
     *
     * @param example a value to show in messages, or empty
     */
    public record Range(double min, double max, String example) {
        public Range {
            Objects.requireNonNull(example, "example");
        }

        /** True when {@code value} is within the bounds. */
        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    private final String name;
    private final String option;
    private final Type type;
    private final String label;
    private final String doc;
    private final Optional<String> defaultValue;
    private final String expected;
    private final Optional<Range> range;
    private final Function<String, ?> form;
    private final BiConsumer<ProgramSpec.Builder, List<String>> setter;

    private ProgramKey(Builder b) {
        this.name = b.name;
        this.option = b.option;
        this.type = b.type;
        this.label = b.label;
        this.doc = b.doc;
        this.defaultValue = b.defaultValue;
        this.expected = b.expected;
        this.range = b.range;
        this.form = b.form;
        this.setter = b.setter;
    }

    static Builder key(String name, Type type) {
        return new Builder(name, type);
    }

    /** The key in program.md; a nested one with its parent: {@code stop.patience}, {@code holdout.run}. */
    public String name() {
        return name;
    }

    /**
     * The name a host's option has, in kebab case: {@code max-experiments} for {@code stop.max-experiments},
     * {@code constraint} for {@code constraints}.
     */
    public String option() {
        return option;
    }

    public Type type() {
        return type;
    }

    /** What a value looks like, for help texts: {@code N}, {@code DURATION}, {@code NAME=VALUE}. */
    public String label() {
        return label;
    }

    /** One line on what the key is for. */
    public String doc() {
        return doc;
    }

    /** The default as a user would write it, when there is one worth saying. */
    public Optional<String> defaultValue() {
        return defaultValue;
    }

    /** What a value must be, as the messages say it: {@code a whole number from 1 to 1000}. */
    public String expected() {
        return expected;
    }

    /** The bounds of a number key. */
    public Optional<Range> range() {
        return range;
    }

    /** True for the keys that take several values. */
    public boolean isList() {
        return type == Type.PATTERNS || type == Type.METRICS || type == Type.PATHS || type == Type.DEVICES
                || type == Type.ENTRIES || type == Type.ITEMS;
    }

    /** The top-level program.md key this one is written under: {@code stop} for {@code stop.patience}. */
    public String section() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * Checks the form of one value as text (a duration, a comparison, a direction), not its bounds.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public void checkForm(String text) {
        form.apply(Objects.requireNonNull(text, "text"));
    }

    /**
     * Sets {@code values} on {@code builder}: one for a single-valued key, any number for a list.
     * Values are stripped and blank ones ignored; a single-valued key without one is left alone.
     *
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    public void apply(ProgramSpec.Builder builder, List<String> values) {
        Objects.requireNonNull(builder, "builder");
        List<String> given = values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty() && !isList()) {
            return;
        }
        setter.accept(builder, given);
    }

    /**
     * Checks a number against the key's bounds, for the builders that take the value in code.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming the key, its bounds and the value
     */
    public double check(double value) {
        range.ifPresent(r -> {
            if (!r.contains(value)) {
                throw new IllegalArgumentException(name + " must be between " + text(r.min()) + " and " + text(r.max())
                        + (r.example().isEmpty() ? "" : ", such as " + r.example()) + ", got " + value);
            }
        });
        return value;
    }

    /** As {@link #check(double)}, for a whole number. */
    public int check(int value) {
        range.ifPresent(r -> {
            if (!r.contains(value)) {
                throw new IllegalArgumentException(name + " must be between " + text(r.min()) + " and " + text(r.max())
                        + ", got " + value);
            }
        });
        return value;
    }

    private static String text(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Declares a key; used only by {@link ProgramKeys}. */
    static final class Builder {
        private final String name;
        private final Type type;
        private String option;
        private String label = "VALUE";
        private String doc = "";
        private Optional<String> defaultValue = Optional.empty();
        private String expected = "";
        private Optional<Range> range = Optional.empty();
        private Function<String, ?> form = Function.identity();
        private BiConsumer<ProgramSpec.Builder, List<String>> setter;

        private Builder(String name, Type type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            this.option = name.startsWith("stop.") ? name.substring(5) : name.replace('.', '-');
        }

        Builder option(String option) {
            this.option = option;
            return this;
        }

        Builder label(String label) {
            this.label = label;
            return this;
        }

        Builder doc(String doc) {
            this.doc = doc;
            return this;
        }

        Builder defaultValue(String value) {
            this.defaultValue = Optional.of(value);
            return this;
        }

        Builder expected(String expected) {
            this.expected = expected;
            return this;
        }

        Builder range(double min, double max) {
            return range(min, max, "");
        }

        Builder range(double min, double max, String example) {
            this.range = Optional.of(new Range(min, max, example));
            return this;
        }

        Builder form(Function<String, ?> form) {
            this.form = form;
            return this;
        }

        ProgramKey sets(BiConsumer<ProgramSpec.Builder, List<String>> setter) {
            this.setter = Objects.requireNonNull(setter, "setter");
            return new ProgramKey(this);
        }
    }
}
