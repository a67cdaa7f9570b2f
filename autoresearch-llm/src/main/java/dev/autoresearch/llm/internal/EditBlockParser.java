package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's reply: the {@code HYPOTHESIS:} and {@code RATIONALE:} lines and the
 * SEARCH/REPLACE blocks. It takes what models really send: blocks inside code fences, the file name
 * on the fence line, on the line before the fence or on the line before the block, prose around
 * the blocks, markdown emphasis around the keys, CRLF line ends and trailing spaces on marker lines.
 * A block without a file name reuses the previous block's file. Pure: no model, no files.
 */
public final class EditBlockParser {
    private static final Pattern SEARCH = Pattern.compile("^\\s*<{5,9}\\s*SEARCH\\s*$");
    private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
    private static final Pattern REPLACE = Pattern.compile("^\\s*>{5,9}\\s*REPLACE\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(?:`{3,}|~{3,})(.*)$");
    private static final Pattern KEY = Pattern.compile(
            "^[\\s>#*_]*(HYPOTHESIS|RATIONALE)[\\s*_]*[:\uFF1A][\\s*]*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PATH = Pattern.compile("[\\w.\\-/\\\\+@~]+");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern LIST_MARKER = Pattern.compile("^(?:[-*+]|\\d+[.)])\\s+");

    private static final String ENDS_INSIDE = "; the reply ends inside this block (if it was cut off at the"
            + " output limit, quote only the few lines that change and send fewer blocks)";

    private EditBlockParser() {
    }

    /** Parses a whole reply. */
    public static ParsedReply parse(String reply) {
        String[] lines = normalize(reply).split("\n", -1);
        boolean[] inBlock = new boolean[lines.length];
        List<EditBlock> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String lastPath = null;
        int number = 0;
        int i = 0;
        while (i < lines.length) {
            if (!SEARCH.matcher(lines[i]).matches()) {
                i++;
                continue;
            }
            number++;
            int start = i;
            PathAt found = findPath(lines, i);
            if (found != null) {
                start = found.line;
            }
            List<String> search = new ArrayList<>();
            int j = i + 1;
            while (j < lines.length && !DIVIDER.matcher(lines[j]).matches()
                    && !SEARCH.matcher(lines[j]).matches() && !REPLACE.matcher(lines[j]).matches()) {
                search.add(lines[j]);
                j++;
            }
            if (j >= lines.length || !DIVIDER.matcher(lines[j]).matches()) {
                problems.add("block " + number + ": the '=======' line between SEARCH and REPLACE is missing"
                        + (j >= lines.length ? ENDS_INSIDE : ""));
                mark(inBlock, start, Math.min(j, lines.length) - 1);
                i = j;
                continue;
            }
            List<String> replace = new ArrayList<>();
            j++;
            while (j < lines.length && !REPLACE.matcher(lines[j]).matches() && !SEARCH.matcher(lines[j]).matches()) {
                replace.add(lines[j]);
                j++;
            }
            if (j >= lines.length || !REPLACE.matcher(lines[j]).matches()) {
                problems.add("block " + number + ": the closing '>>>>>>> REPLACE' line is missing"
                        + (j >= lines.length ? ENDS_INSIDE : ""));
                mark(inBlock, start, Math.min(j, lines.length) - 1);
                i = j;
                continue;
            }
            mark(inBlock, start, j);
            String path = found != null ? found.path : lastPath;
            if (path == null) {
                problems.add("block " + number + " has no file name: put the file's path alone on the line"
                        + " before the block (or on the opening code fence line)");
            } else {
                blocks.add(new EditBlock(number, path, join(search), join(replace)));
                lastPath = path;
            }
            i = j + 1;
        }
        Optional<String> title = Optional.empty();
        StringBuilder rationale = null;
        boolean rationaleOpen = false;
        for (int k = 0; k < lines.length; k++) {
            if (inBlock[k]) {
                rationaleOpen = false;
                continue;
            }
            Matcher m = KEY.matcher(lines[k]);
            if (m.matches()) {
                String value = clean(m.group(2));
                boolean hypothesis = m.group(1).toUpperCase(Locale.ROOT).equals("HYPOTHESIS");
                if (hypothesis) {
                    rationaleOpen = false;
                    if (title.isEmpty()) {
                        if (value.isEmpty()) {
                            int next = nextNonBlank(lines, k + 1);
                            if (next >= 0 && !inBlock[next] && !KEY.matcher(lines[next]).matches()) {
                                value = clean(lines[next]);
                                k = next;
                            }
                        }
                        if (!value.isEmpty()) {
                            title = Optional.of(value);
                        }
                    }
                } else if (rationale == null) {
                    rationale = new StringBuilder(value);
                    rationaleOpen = true;
                }
                continue;
            }
            if (FENCE.matcher(lines[k]).matches()) {
                rationaleOpen = false;
            }
            if (rationaleOpen) {
                rationale.append('\n').append(lines[k].stripTrailing());
            }
        }
        return new ParsedReply(title, rationale == null ? "" : rationale.toString().strip(), blocks, problems);
    }

    /** Replaces CRLF and lone CR line ends with LF and drops a byte order mark. */
    public static String normalize(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        return t.startsWith("\uFEFF") ? t.substring(1) : t;
    }

    private record PathAt(String path, int line) {
    }

    /**
     * The file name for the block whose SEARCH marker is at {@code marker}, and the first line of
     * the block (the line holding the name, or the fence when the name sits in prose before it).
     */
    private static PathAt findPath(String[] lines, int marker) {
        int k = previousNonBlank(lines, marker - 1);
        if (k < 0) {
            return null;
        }
        Matcher fence = FENCE.matcher(lines[k]);
        if (fence.matches()) {
            String fromFence = pathInFenceInfo(fence.group(1));
            if (fromFence != null) {
                return new PathAt(fromFence, k);
            }
            int before = previousNonBlank(lines, k - 1);
            if (before < 0) {
                return null;
            }
            String path = pathLine(lines[before]);
            if (path != null) {
                return new PathAt(path, before);
            }
            path = backtickedPath(lines[before]);
            return path == null ? null : new PathAt(path, k);
        }
        String path = pathLine(lines[k]);
        if (path != null) {
            return new PathAt(path, k);
        }
        path = backtickedPath(lines[k]);
        return path == null ? null : new PathAt(path, marker);
    }

    /**
     * A path from a fence's info string: {@code python train.py}, {@code train.py},
     * {@code title="a/b.py"}, {@code python:src/train.py}.
     */
    private static String pathInFenceInfo(String info) {
        String[] tokens = info.strip().split("\\s+");
        for (int t = tokens.length - 1; t >= 0; t--) {
            String token = tokens[t];
            int eq = token.indexOf('=');
            if (eq >= 0) {
                token = token.substring(eq + 1);
            }
            token = unquote(token);
            int colon = token.lastIndexOf(':');
            if (colon >= 0) {
                token = token.substring(colon + 1); // python:src/train.py
            }
            if ((token.contains(".") || token.contains("/")) && isPath(token)) {
                return tidy(token);
            }
        }
        return null;
    }

    /**
     * A path written alone on a line ({@code train.py}, {@code **train.py**}, {@code # File: train.py:},
     * {@code 1. train.py}). A word without a dot or slash written as a label ({@code Then:}) is prose.
     */
    private static String pathLine(String line) {
        String s = line.strip().replace("**", "");
        while (s.startsWith("#")) {
            s = s.substring(1).strip();
        }
        s = LIST_MARKER.matcher(s).replaceFirst("");
        boolean label = s.endsWith(":");
        s = unquote(s);
        boolean named = false;
        String lower = s.toLowerCase(Locale.ROOT);
        for (String prefix : List.of("file:", "path:", "filename:")) {
            if (lower.startsWith(prefix)) {
                s = unquote(s.substring(prefix.length()).strip());
                named = true;
                break;
            }
        }
        if (s.endsWith(":")) {
            s = unquote(s.substring(0, s.length() - 1));
        }
        if (!isPath(s) || (label && !named && !s.contains(".") && !s.contains("/"))) {
            return null;
        }
        return tidy(s);
    }

    /** The one path in backticks in a line of prose ({@code Change `train.py` as follows:}). */
    private static String backtickedPath(String line) {
        Matcher m = BACKTICKED.matcher(line);
        String only = null;
        int count = 0;
        while (m.find()) {
            String candidate = m.group(1);
            if ((candidate.contains(".") || candidate.contains("/")) && isPath(candidate)) {
                only = candidate;
                count++;
            }
        }
        return count == 1 ? tidy(only) : null;
    }

    private static boolean isPath(String s) {
        return !s.isEmpty() && s.length() <= 255 && PATH.matcher(s).matches() && !s.matches("[.]+")
                && !s.matches("[=<>~`-]+");
    }

    private static String tidy(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    private static String unquote(String s) {
        String t = s.strip();
        boolean changed = true;
        while (changed && !t.isEmpty()) {
            changed = false;
            for (String q : List.of("**", "__", "`", "\"", "'", "*")) {
                if (t.length() >= 2 * q.length() && t.startsWith(q) && t.endsWith(q)) {
                    t = t.substring(q.length(), t.length() - q.length()).strip();
                    changed = true;
                }
            }
            if (t.endsWith(":") && t.length() > 1) {
                String inner = t.substring(0, t.length() - 1).strip();
                if (!inner.equals(t) && (inner.endsWith("`") || inner.endsWith("*") || inner.endsWith("\""))) {
                    t = inner;
                    changed = true;
                }
            }
        }
        return t;
    }

    /**
     * A key's value without the markdown emphasis or quotes around it: pairs that wrap the whole
     * value, and the {@code **} left over from {@code **HYPOTHESIS: title**}. Code inside the value
     * ({@code __init__}, {@code `torch.compile`}) stays as written.
     */
    private static String clean(String value) {
        String v = value.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String q : List.of("**", "__", "*", "_", "`", "\"")) {
                if (v.length() > 2 * q.length() && v.startsWith(q) && v.endsWith(q)) {
                    v = v.substring(q.length(), v.length() - q.length()).strip();
                    changed = true;
                }
            }
        }
        return v.replaceAll("^\\*+|\\*+$", "").strip();
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    private static void mark(boolean[] inBlock, int from, int to) {
        for (int k = Math.max(0, from); k <= to && k < inBlock.length; k++) {
            inBlock[k] = true;
        }
    }

    private static int previousNonBlank(String[] lines, int from) {
        for (int k = from; k >= 0; k--) {
            if (!lines[k].isBlank()) {
                return k;
            }
        }
        return -1;
    }

    private static int nextNonBlank(String[] lines, int from) {
        for (int k = from; k < lines.length; k++) {
            if (!lines[k].isBlank()) {
                return k;
            }
        }
        return -1;
    }
}
