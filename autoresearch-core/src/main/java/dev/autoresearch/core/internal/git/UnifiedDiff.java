package dev.autoresearch.core.internal.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The unified diff of tracked text files whose contents before and after are known, written as
 * {@code git diff} prints it by default (three lines of context, the default function-name rule,
 * blob ids abbreviated to seven characters), so that a change made by the loop needs no git process
 * for its patch. Where git's own choice could differ (binary content, names git quotes, an edit too
 * large to diff here), it gives nothing and the caller asks git. Where a minimal diff is ambiguous
 * (a line added among equal lines), the hunks may sit a line apart from git's; the patch applies
 * the same.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Beyond this many differing lines, git is asked: the search below costs their square. */
    private static final int MAX_EDITS = 2000;
    /** As git: content with a zero byte in its first 8000 bytes is binary. */
    private static final int BINARY_PROBE = 8000;
    private static final int FUNCTION_LINE_BYTES = 80;

    private UnifiedDiff() {
    }

    /** One tracked file changed: its path, mode ({@code 100644} or {@code 100755}) and content before and after. */
    record FileChange(String path, String mode, byte[] before, byte[] after) {
    }

    /**
     * The diff of {@code files} (in any order), or empty when git should be asked.
     *
     * @param sha256 whether the repository names objects by SHA-256 rather than SHA-1
     */
    static Optional<String> of(List<FileChange> files, boolean sha256) {
        Map<String, FileChange> sorted = new TreeMap<>((a, b) -> java.util.Arrays.compare(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        files.forEach(f -> sorted.put(f.path(), f));
        StringBuilder out = new StringBuilder();
        for (FileChange f : sorted.values()) {
            if (java.util.Arrays.equals(f.before(), f.after())) {
                continue;
            }
            if (!plainName(f.path()) || binary(f.before()) || binary(f.after())) {
                return Optional.empty();
            }
            // Bytes as chars, one to one: lines compare and print exactly as git's do.
            String path = new String(f.path().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            out.append("diff --git a/").append(path).append(" b/").append(path).append('\n')
                    .append("index ").append(blobId(f.before(), sha256), 0, 7).append("..")
                    .append(blobId(f.after(), sha256), 0, 7).append(' ').append(f.mode()).append('\n')
                    .append("--- a/").append(path).append('\n')
                    .append("+++ b/").append(path).append('\n');
            if (!hunks(lines(f.before()), lines(f.after()), out)) {
                return Optional.empty();
            }
        }
        return Optional.of(new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    /** A path git prints as it is: nothing it would quote. */
    private static boolean plainName(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean binary(byte[] content) {
        for (int i = 0; i < Math.min(content.length, BINARY_PROBE); i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The id git gives {@code content} as a blob. */
    static String blobId(byte[] content, boolean sha256) {
        try {
            MessageDigest digest = MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1");
            digest.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of {@code content}, each with its line feed but the last when it has none. */
    private static List<String> lines(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** A run of changed lines: {@code deleted} lines of a from {@code a}, {@code added} of b from {@code b}. */
    private record Edit(int a, int deleted, int b, int added) {
    }

    /** Appends the hunks that turn {@code a} into {@code b}; false when the edit is too large to diff here. */
    private static boolean hunks(List<String> a, List<String> b, StringBuilder out) {
        Optional<List<Edit>> found;
        try {
            found = edits(a, b);
        } catch (IllegalStateException e) {
            return false;
        }
        if (found.isEmpty()) {
            return false;
        }
        List<Edit> edits = found.get();
        int i = 0;
        while (i < edits.size()) {
            int j = i;
            // As git: edits with at most twice the context between them share a hunk.
            while (j + 1 < edits.size() && edits.get(j + 1).a() - (edits.get(j).a() + edits.get(j).deleted()) <= 2 * CONTEXT) {
                j++;
            }
            Edit first = edits.get(i);
            Edit last = edits.get(j);
            int s1 = Math.max(first.a() - CONTEXT, 0);
            int e1 = Math.min(last.a() + last.deleted() + CONTEXT, a.size());
            int s2 = Math.max(first.b() - CONTEXT, 0);
            int e2 = Math.min(last.b() + last.added() + CONTEXT, b.size());
            out.append("@@ -").append(e1 - s1 == 0 ? s1 : s1 + 1);
            if (e1 - s1 != 1) {
                out.append(',').append(e1 - s1);
            }
            out.append(" +").append(e2 - s2 == 0 ? s2 : s2 + 1);
            if (e2 - s2 != 1) {
                out.append(',').append(e2 - s2);
            }
            out.append(" @@");
            functionLine(a, s1 - 1).ifPresent(f -> out.append(' ').append(f));
            out.append('\n');
            int at = s1;
            for (int k = i; k <= j; k++) {
                Edit e = edits.get(k);
                for (; at < e.a(); at++) {
                    line(out, ' ', a.get(at));
                }
                for (int d = 0; d < e.deleted(); d++) {
                    line(out, '-', a.get(e.a() + d));
                }
                for (int d = 0; d < e.added(); d++) {
                    line(out, '+', b.get(e.b() + d));
                }
                at = e.a() + e.deleted();
            }
            for (; at < e1; at++) {
                line(out, ' ', a.get(at));
            }
            i = j + 1;
        }
        return true;
    }

    private static void line(StringBuilder out, char sign, String line) {
        out.append(sign).append(line);
        if (!line.endsWith("\n")) {
            out.append("\n\\ No newline at end of file\n");
        }
    }

    /** As git's default: the nearest line at or above {@code from} that starts with a letter, {@code _} or {@code $}. */
    private static Optional<String> functionLine(List<String> a, int from) {
        for (int i = from; i >= 0; i--) {
            String line = a.get(i);
            char c = line.isEmpty() ? ' ' : line.charAt(0);
            if (c < 0x80 && (Character.isLetter(c) || c == '_' || c == '$')) {
                String cut = line.length() > FUNCTION_LINE_BYTES ? line.substring(0, FUNCTION_LINE_BYTES) : line;
                int end = cut.length();
                while (end > 0 && isSpace(cut.charAt(end - 1))) {
                    end--;
                }
                return Optional.of(cut.substring(0, end));
            }
        }
        return Optional.empty();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /**
     * A shortest edit script (Myers), with each run of changes slid as far down as equal lines allow,
     * as git places them; empty when more than {@link #MAX_EDITS} lines differ.
     */
    private static Optional<List<Edit>> edits(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int n = a.size() - prefix - suffix;
        int m = b.size() - prefix - suffix;
        int max = n + m;
        if (max > MAX_EDITS) {
            return Optional.empty();
        }
        boolean[] deleted = new boolean[a.size()];
        boolean[] added = new boolean[b.size()];
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int reached = -1;
        for (int d = 0; d <= max && reached < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || k != d && v[offset + k - 1] < v[offset + k + 1] ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(prefix + x).equals(b.get(prefix + y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    reached = d;
                    break;
                }
            }
        }
        int x = n;
        int y = m;
        for (int d = reached; d > 0; d--) {
            int[] before = trace.get(d);
            int k = x - y;
            boolean down = k == -d || k != d && before[offset + k - 1] < before[offset + k + 1];
            int previousK = down ? k + 1 : k - 1;
            int px = before[offset + previousK];
            int py = px - previousK;
            while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) {
                x--;
                y--;
            }
            if (down) {
                added[prefix + py] = true;
            } else {
                deleted[prefix + px] = true;
            }
            x = px;
            y = py;
        }
        slideDown(a, deleted);
        slideDown(b, added);
        return Optional.of(runs(deleted, added));
    }

    /** Moves each run of changed lines down while the line after it equals its first, as git does. */
    private static void slideDown(List<String> lines, boolean[] changed) {
        int i = 0;
        while (i < changed.length) {
            if (!changed[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < changed.length && changed[i]) {
                i++;
            }
            while (i < changed.length && !changed[i] && lines.get(start).equals(lines.get(i))) {
                changed[start++] = false;
                changed[i++] = true;
                while (i < changed.length && changed[i]) {
                    i++; // joined the next run
                }
            }
        }
    }

    /** The runs of changes, pairing the lines deleted and added between the same unchanged lines. */
    private static List<Edit> runs(boolean[] deleted, boolean[] added) {
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < deleted.length || j < added.length) {
            if (i < deleted.length && !deleted[i] && j < added.length && !added[j]) {
                i++;
                j++;
                continue;
            }
            int a = i;
            int b = j;
            while (i < deleted.length && deleted[i]) {
                i++;
            }
            while (j < added.length && added[j]) {
                j++;
            }
            if (i == a && j == b) {
                throw new IllegalStateException("the edit script does not pair the lines");
            }
            edits.add(new Edit(a, i - a, b, j - b));
        }
        return edits;
    }
}
