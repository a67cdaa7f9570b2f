package dev.autoresearch.llm.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One setting that a change moves: {@code NAME = value} or {@code name: value} removed and added in a
 * unified diff. {@code from} is empty for a setting the change adds, {@code to} for one it removes.
 */
public record SettingMove(String name, Optional<String> from, Optional<String> to) {
    public SettingMove {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /**
     * +1 when the value rises or a switch is turned on ({@code false} to {@code true}, {@code off} to {@code on}),
     * -1 when it falls or is turned off, 0 when it is not a number or a switch on both sides, or stays.
     */
    public int direction() {
        OptionalDouble a = number(from).isPresent() ? number(from) : onOff(from);
        OptionalDouble b = number(to).isPresent() ? number(to) : onOff(to);
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return Double.compare(b.getAsDouble(), a.getAsDouble());
    }

    /** The value it moves to, as a number, when it is one. */
    public OptionalDouble target() {
        return number(to);
    }

    /** The move as a reader says it: {@code LR 0.01 -> 0.02}. */
    public String describe() {
        return name + " " + values();
    }

    /** The values it moves between: {@code 0.01 -> 0.02}. */
    public String values() {
        return from.orElse("(none)") + " -> " + to.orElse("(removed)");
    }

    /** A switch's value as 1 (on) or 0 (off). */
    private static OptionalDouble onOff(Optional<String> value) {
        String v = value.orElse("").toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("on") || v.equals("yes") || v.equals("enabled")) {
            return OptionalDouble.of(1);
        }
        if (v.equals("false") || v.equals("off") || v.equals("no") || v.equals("disabled")) {
            return OptionalDouble.of(0);
        }
        return OptionalDouble.empty();
    }

    static OptionalDouble number(Optional<String> value) {
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        String v = value.get().replace("_", "");
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException notANumber) {
            return OptionalDouble.empty();
        }
    }
}
