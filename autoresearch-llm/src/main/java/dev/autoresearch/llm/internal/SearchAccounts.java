package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The accounts sent back to a model when a SEARCH text matches no place of a file or several, and
 * the whitespace-blind line comparison both the matching and the accounts use. Every account must be
 * true, since the model corrects its reply from it.
 */
final class SearchAccounts {
    private static final int MAX_QUOTED_LINES = 12;
    private static final int MAX_NAMED_LINES = 10;
    /** Score of a SEARCH line equal to its file line but for whitespace. */
    private static final int EQUAL = 2;
    /** Score of a SEARCH line found inside a longer file line. */
    private static final int INSIDE = 1;

    private SearchAccounts() {
    }

    /** A line without its outer whitespace and with inner runs of whitespace as one space. */
    static String key(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /**
     * Why a SEARCH text matches {@code count} places, naming the lines they start on
     * ({@code startLines}, 0-based, one per place; places on one line name it once).
     */
    static String ambiguous(String path, int count, List<Integer> startLines) {
        List<Integer> distinct = new ArrayList<>(new TreeSet<>(startLines));
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < distinct.size() && k < MAX_NAMED_LINES; k++) {
            if (k > 0) {
                lines.append(", ");
            }
            lines.append(distinct.get(k) + 1);
        }
        if (distinct.size() > MAX_NAMED_LINES) {
            lines.append(", ...");
        }
        return "the SEARCH text matches " + count + " places in " + path + " (starting at "
                + (distinct.size() == 1 ? "line " : "lines ") + lines
                + "); include more of the surrounding lines so that it matches exactly one";
    }

    /**
     * Why a SEARCH section does not occur: the passage of the file that shares the most of its
     * non-blank lines (in order, blank lines left out as in the tolerant match; a line equal but for
     * whitespace counts more than one found inside a longer line), the first SEARCH line that is not
     * a line of the file there, numbered as in the SEARCH section and in the file, and the passage.
     * "None of its lines occur" is said only when no SEARCH line occurs anywhere, not even inside a line.
     */
    static String notFound(String path, List<String> fileLines, List<String> searchSection) {
        List<Integer> fileAt = nonBlank(fileLines);
        List<Integer> searchAt = nonBlank(searchSection);
        int n = searchAt.size();
        // passages may begin before the file's first line, so that a SEARCH line found near the top
        // of the file counts wherever it stands in the SEARCH section
        int bestAt = 0;
        int bestScore = 0;
        for (int i = 1 - n; i < fileAt.size(); i++) {
            int score = 0;
            for (int j = 0; j < n; j++) {
                if (i + j >= 0 && i + j < fileAt.size()) {
                    score += score(fileLines.get(fileAt.get(i + j)), searchSection.get(searchAt.get(j)));
                }
            }
            if (score > bestScore) {
                bestScore = score;
                bestAt = i;
            }
        }
        StringBuilder sb = new StringBuilder("the SEARCH text does not occur in " + path
                + " (not even ignoring whitespace).");
        if (bestScore == 0) {
            sb.append(" None of its lines occur in the file, not even inside a line; copy the lines to replace"
                    + " from the file as shown.");
            return sb.toString();
        }
        int first = fileAt.get(Math.max(0, bestAt));
        int end = fileAt.get(Math.min(fileAt.size(), bestAt + n) - 1) + 1;
        for (int j = 0; j < n; j++) {
            String searchLine = searchSection.get(searchAt.get(j));
            int at = bestAt + j;
            String fileLine = at >= 0 && at < fileAt.size() ? fileLines.get(fileAt.get(at)) : null;
            if (fileLine == null || !key(fileLine).equals(key(searchLine))) {
                sb.append(" The closest passage is lines ").append(first + 1).append('-').append(end)
                        .append(", where SEARCH line ").append(searchAt.get(j) + 1).append(" reads `")
                        .append(searchLine.strip()).append('`');
                if (at < 0) {
                    sb.append(" but ").append(path).append(" has no line before line ").append(first + 1);
                } else if (fileLine == null) {
                    sb.append(" but the file ends before it");
                } else {
                    sb.append(" but line ").append(fileAt.get(at) + 1).append(" of ").append(path)
                            .append(" reads `").append(fileLine.strip()).append('`');
                }
                sb.append(". Those lines of ").append(path).append(" are:\n");
                break;
            }
        }
        int shown = Math.min(end, first + MAX_QUOTED_LINES);
        for (int k = first; k < shown; k++) {
            sb.append(String.format(Locale.ROOT, "%5d | %s", k + 1, fileLines.get(k))).append('\n');
        }
        if (shown < end) {
            sb.append("  ...\n");
        }
        return sb.toString().stripTrailing();
    }

    private static int score(String fileLine, String searchLine) {
        String file = key(fileLine);
        String search = key(searchLine);
        if (file.equals(search)) {
            return EQUAL;
        }
        return file.contains(search) ? INSIDE : 0;
    }

    private static List<Integer> nonBlank(List<String> lines) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                at.add(i);
            }
        }
        return at;
    }
}
