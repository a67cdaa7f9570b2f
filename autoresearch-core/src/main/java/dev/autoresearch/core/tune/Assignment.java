package dev.autoresearch.core.tune;

import dev.autoresearch.core.AutoresearchException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line of a source or configuration file that assigns a numeric literal to a named
 * constant, found by {@link #locate}, and the means to rewrite just that number.
 *
 * <p>Recognised forms, with or without a trailing comment ({@code #}, {@code //}, {@code /*}) and
 * a trailing {@code ;} or {@code ,}:
 * <ul>
 *   <li>Python, Ruby, TOML, shell: {@code MATRIX_LR = 0.04}, {@code LR: float = 0.04}</li>
 *   <li>Java, C#, Kotlin, Go: {@code static final double LR = 0.04;}, {@code const val N = 16}, {@code N := 16}</li>
 *   <li>JavaScript, TypeScript: {@code const LR = 0.04}, {@code export let LR: number = 0.04;}</li>
 *   <li>YAML, JSON: {@code lr: 0.04}, {@code "lr": 0.04,}</li>
 * </ul>
 * A literal may have a sign, a fraction, an exponent, digit-group underscores ({@code 524_288}) and
 * a type suffix ({@code 0.5f}, {@code 100L}); a rewrite keeps the suffix and the rest of the line.
 */
public final class Assignment {
    private static final String PREFIX_WORD = "[A-Za-z_$][\\w$]*(?:<[^=]*>)?(?:\\[\\])*";
    private static final String OPERATOR =
            "(?:[ \\t]*:[ \\t]*(?<annotation>[A-Za-z_][\\w.\\[\\], |]*?)[ \\t]*=(?!=)" // annotated: LR: float = 0.04
                    + "|[ \\t]*:?=(?!=)"                              // LR = 0.04, N := 16
                    + "|[ \\t]*:(?=[ \\t]|$))";                       // lr: 0.04
    private static final String NUMBER =
            "[+-]?(?:\\d[\\d_]*(?:\\.[\\d_]*)?|\\.\\d[\\d_]*)(?:[eE][+-]?\\d[\\d_]*)?";
    private static final Pattern LITERAL = Pattern.compile(
            "(?<number>" + NUMBER + ")(?<suffix>[fFdDlL]?)[ \\t]*[;,]?[ \\t]*(?:(?:#|//|/\\*).*)?");
    private static final Pattern PADDED_COMMENT = Pattern.compile("^[^ \\t]*?( {2,})(?:#|//|/\\*)");
    private static final Pattern COMMENT = Pattern.compile("[ \\t]*(?:#|//|/\\*).*$");
    // Integer types of Java, Kotlin, Scala, C, C++, C#, Rust and Swift: a fraction written into one
    // of these does not compile.
    private static final Pattern INTEGER_TYPE = Pattern.compile("byte|short|int|long|sbyte|ushort|uint|ulong|nint|nuint"
            + "|unsigned|signed|Byte|Short|Int|Integer|Long|UByte|UShort|UInt|ULong|BigInteger|s?size_t"
            + "|u?int(?:8|16|32|64)(?:_t)?|[iu](?:8|16|32|64|128|size)");

    private final String file;
    private final String name;
    private final int line;
    private final String number;
    private final String suffix;
    private final int start;
    private final Optional<String> integerType;

    private Assignment(String file, String name, int line, String number, String suffix, int start,
                       Optional<String> integerType) {
        this.file = file;
        this.name = name;
        this.line = line;
        this.number = number;
        this.suffix = suffix;
        this.start = start;
        this.integerType = integerType;
    }

    /**
     * Finds the single assignment of a numeric literal to {@code name} in {@code content}.
     *
     * @param file    the file's path, named in messages
     * @param content the file's text
     * @param name    the constant's name, matched exactly (case included)
     * @throws AutoresearchException naming the file, the parameter and the line when {@code name}
     *                               is assigned nowhere, more than once, or to an expression
     */
    public static Assignment locate(String file, String content, String name) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(name, "name");
        Pattern statement = Pattern.compile("^[ \\t]*(?<prefix>(?:" + PREFIX_WORD + "[ \\t]+)*)"
                + "(?<quote>[\"']?)" + Pattern.quote(name) + "\\k<quote>(?![\\w$])"
                + OPERATOR + "[ \\t]*(?<rhs>.*?)\\r?$");
        List<Integer> lines = new ArrayList<>();
        Assignment found = null;
        String expression = null;
        int lineStart = 0;
        int lineNumber = 0;
        while (lineStart <= content.length()) {
            int newline = content.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? content.length() : newline;
            lineNumber++;
            Matcher m = statement.matcher(content.substring(lineStart, lineEnd));
            if (m.matches() && !m.group("rhs").isBlank()) {
                lines.add(lineNumber);
                String rhs = m.group("rhs");
                Matcher literal = LITERAL.matcher(rhs);
                if (literal.matches()) {
                    found = new Assignment(file, name, lineNumber, literal.group("number"), literal.group("suffix"),
                            lineStart + m.start("rhs"),
                            integerType(file, m.group("prefix"), m.group("annotation"), literal.group("number"),
                                    literal.group("suffix")));
                    expression = null;
                } else {
                    found = null;
                    expression = COMMENT.matcher(rhs).replaceFirst("").replaceAll("[;,\\s]+$", "");
                }
            }
            if (newline < 0) {
                break;
            }
            lineStart = newline + 1;
        }
        if (lines.isEmpty()) {
            throw new AutoresearchException(file + ": parameter " + name + " not found; expected an assignment such as '"
                    + example(file, name) + "'");
        }
        if (lines.size() > 1) {
            throw new AutoresearchException(file + ": found " + lines.size() + " assignments of " + name + " (lines "
                    + join(lines) + "); tune needs exactly one, so rename or remove the others");
        }
        if (found == null) {
            throw new AutoresearchException(file + ":" + lines.get(0) + ": parameter " + name
                    + " is assigned an expression ('" + expression + "'), not a number; tune needs a literal number such as '"
                    + example(file, name) + "'");
        }
        return found;
    }

    /** The file named when the assignment was located. */
    public String file() {
        return file;
    }

    /** The constant's name. */
    public String name() {
        return name;
    }

    /** The line of the assignment, counting from 1. */
    public int line() {
        return line;
    }

    /** The literal as written, suffix included: {@code 0.04}, {@code 524_288}, {@code 0.5f}. */
    public String literal() {
        return number + suffix;
    }

    /**
     * How the statement makes the constant an integer, when it does: {@code "declared int"} for a
     * type word before the name or in its annotation ({@code static final int}, {@code const long},
     * {@code val N: Int}, {@code const N: u32}), {@code "written 16L"} for a literal with an
     * {@code L} suffix. Python files never are: a float where an int was still runs.
     */
    public Optional<String> integerType() {
        return integerType;
    }

    /** The literal's value. */
    public double value() {
        return Numbers.parseLiteral(number);
    }

    /**
     * {@code content} (the text this was located in) with the number replaced by {@code value},
     * written in the style of the old literal: its suffix kept, a fraction kept for a literal that
     * had one ({@code 2.0}, not {@code 2}), digit-group underscores kept for an integer that had them.
     *
     * @param value the new number, as {@link Numbers#format} writes it
     */
    public String rewrite(String content, String value) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(value, "value");
        if (!content.startsWith(number, start)) {
            throw new IllegalArgumentException(file + ": the text changed since " + name + " was located");
        }
        String replacement = styled(value);
        int end = start + number.length();
        int lineEnd = content.indexOf('\n', end);
        String rest = content.substring(end, lineEnd < 0 ? content.length() : lineEnd);
        return content.substring(0, start) + replacement + aligned(rest, replacement.length() - number.length())
                + content.substring(end + rest.length());
    }

    private String styled(String value) {
        boolean floating = number.contains(".") || number.contains("e") || number.contains("E")
                || (!suffix.isEmpty() && "fFdD".contains(suffix));
        String v = value;
        int e = v.indexOf('e');
        if (floating && !v.contains(".") && e < 0) {
            v = v + ".0";
        } else if (number.contains(".") && !v.contains(".") && e >= 0) {
            v = v.substring(0, e) + ".0" + v.substring(e);
        }
        if (number.contains("_") && v.matches("-?\\d{4,}")) {
            v = group(v);
        }
        if (number.startsWith("+") && !v.startsWith("-")) {
            v = "+" + v;
        }
        return v;
    }

    /** The rest of the line with a trailing comment kept in its column where the padding allows. */
    private static String aligned(String rest, int growth) {
        Matcher m = PADDED_COMMENT.matcher(rest);
        if (growth == 0 || !m.find()) {
            return rest;
        }
        int spaces = m.end(1) - m.start(1);
        int wanted = Math.max(1, spaces - growth);
        return rest.substring(0, m.start(1)) + " ".repeat(wanted) + rest.substring(m.end(1));
    }

    private static Optional<String> integerType(String file, String prefix, String annotation, String number,
                                                String suffix) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".py") || f.endsWith(".pyi") || f.endsWith(".pyw")) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(List.of(prefix.strip().split("[ \\t]+")));
        if (annotation != null) {
            words.add(annotation.strip());
        }
        for (String word : words) {
            if (INTEGER_TYPE.matcher(word).matches()) {
                return Optional.of("declared " + word);
            }
        }
        return suffix.equalsIgnoreCase("l") ? Optional.of("written " + number + suffix) : Optional.empty();
    }

    private static String group(String digits) {
        boolean negative = digits.startsWith("-");
        String d = negative ? digits.substring(1) : digits;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length(); i++) {
            if (i > 0 && (d.length() - i) % 3 == 0) {
                b.append('_');
            }
            b.append(d.charAt(i));
        }
        return (negative ? "-" : "") + b;
    }

    private static String example(String file, String name) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".java")) {
            return "static final double " + name + " = 0.04;";
        }
        if (f.endsWith(".js") || f.endsWith(".mjs") || f.endsWith(".ts")) {
            return "const " + name + " = 0.04";
        }
        if (f.endsWith(".yaml") || f.endsWith(".yml") || f.endsWith(".json")) {
            return name + ": 0.04";
        }
        return name + " = 0.04";
    }

    private static String join(List<Integer> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.append(i == lines.size() - 1 ? " and " : ", ");
            }
            b.append(lines.get(i));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + name + " = " + literal();
    }
}
