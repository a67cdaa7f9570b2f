package dev.autoresearch.cli;

import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code run} for program.md's keys, made from the keys' declaration
 * ({@link ProgramKeys}): a key declared there is a flag here, with its doc line and default. A flag
 * that is given overrides the file's value; one that is not leaves it alone.
 */
final class ProgramFlags {
    private final Map<ProgramKey, OptionSpec> options = new LinkedHashMap<>();

    /** Adds a flag for every key to {@code run}, under a heading of their own. */
    void addTo(CommandSpec run) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading("%nProgram keys (override program.md):%n")
                .order(3).validate(false).exclusive(false);
        for (ProgramKey key : ProgramKeys.all()) {
            OptionSpec option = option(key);
            options.put(key, option);
            group.addArg(option);
        }
        run.addArgGroup(group.build());
    }

    /** The values given for {@code key}'s flag, as text; empty when it was not given. */
    List<String> values(ProgramKey key) {
        OptionSpec option = options.get(key);
        Object value = option == null ? null : option.getValue();
        if (value == null || (key.type() == ProgramKey.Type.SWITCH && !((Boolean) value))) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((name, v) -> values.add(name + "=" + v));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        } else {
            values.add(String.valueOf(value));
        }
        return values;
    }

    /** True when the flags alone name the required keys. */
    boolean suppliesRequiredKeys() {
        return !values(ProgramKeys.METRIC).isEmpty() && !values(ProgramKeys.DIRECTION).isEmpty()
                && !values(ProgramKeys.RUN).isEmpty();
    }

    private static OptionSpec option(ProgramKey key) {
        OptionSpec.Builder o = OptionSpec.builder("--" + key.option()).description(description(key));
        switch (key.type()) {
            case SWITCH:
                return o.type(boolean.class).arity("0").build();
            case BOOLEAN:
                return o.type(Boolean.class).negatable(true).arity("0..1").fallbackValue("true")
                        .paramLabel(key.label()).build();
            case WHOLE:
                return o.type(Integer.class).paramLabel(key.label()).build();
            case NUMBER:
                return o.type(Double.class).paramLabel(key.label()).build();
            case ENTRIES:
                return o.type(Map.class).auxiliaryTypes(String.class, String.class).paramLabel(key.label()).build();
            case PATTERNS:
            case METRICS:
            case PATHS:
            case DEVICES:
                return o.type(List.class).auxiliaryTypes(String.class).splitRegex(",").paramLabel(key.label())
                        .converters(form(key)).build();
            case ITEMS:
                return o.type(List.class).auxiliaryTypes(String.class).paramLabel(key.label()).converters(form(key))
                        .build();
            default:
                return o.type(String.class).paramLabel(key.label()).converters(form(key)).build();
        }
    }

    /** The key's doc line with its default, escaped for picocli's formatting. */
    private static String description(ProgramKey key) {
        String doc = key.doc();
        String line = key.defaultValue().map(d -> (doc.endsWith(".") ? doc.substring(0, doc.length() - 1) : doc)
                + " (default: " + d + ").").orElse(doc);
        return line.replace("%", "%%");
    }

    /** Checks a value's form as the flag is read, so that picocli names the flag and what it expects. */
    private static ITypeConverter<String> form(ProgramKey key) {
        return value -> {
            try {
                key.checkForm(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }
}
