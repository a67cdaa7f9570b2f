package dev.autoresearch.core.internal.program;

import dev.autoresearch.core.ProgramSpecException;

import java.util.Optional;

/**
 * A program.md split into its YAML front matter and its prose.
 *
 * @param yaml        the lines between the delimiters, empty when the file has no front matter
 * @param prose       everything after the closing delimiter's line, unchanged
 * @param closingLine the 1-based line of the closing delimiter, 0 when the file has no front matter
 */
record FrontMatter(Optional<String> yaml, String prose, int closingLine) {
    /** Lines of the file before the YAML text: the opening {@code ---}. */
    static final int YAML_LINE_OFFSET = 1;

    private static final String OPEN = "---";

    /**
     * Splits {@code text}. Front matter starts only when the first line is exactly {@code ---}
     * (a CRLF ending allowed), and ends at the next line that is {@code ---} or {@code ...}.
     *
     * @throws ProgramSpecException when the front matter is opened but never closed
     */
    static FrontMatter split(String text, String where) {
        // A byte-order mark is an encoding artefact some editors add, not part of the text.
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int firstEnd = t.indexOf('\n');
        String first = firstEnd < 0 ? t : t.substring(0, firstEnd);
        if (!withoutCr(first).equals(OPEN)) {
            return new FrontMatter(Optional.empty(), t, 0);
        }
        int start = firstEnd < 0 ? t.length() : firstEnd + 1;
        int lineStart = start;
        int lineNumber = 2;
        while (lineStart < t.length()) {
            int lineEnd = t.indexOf('\n', lineStart);
            String line = withoutCr(lineEnd < 0 ? t.substring(lineStart) : t.substring(lineStart, lineEnd));
            if (line.equals("---") || line.equals("...")) {
                String prose = lineEnd < 0 ? "" : t.substring(lineEnd + 1);
                return new FrontMatter(Optional.of(t.substring(start, lineStart)), prose, lineNumber);
            }
            if (lineEnd < 0) {
                break;
            }
            lineStart = lineEnd + 1;
            lineNumber++;
        }
        throw new ProgramSpecException(where + ":1: the front matter opened by '---' on line 1 is never closed;"
                + " end it with a line '---' before the prose", "", 1);
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
