package dev.autoresearch.llm.internal;

import dev.autoresearch.core.ProgramSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies edit blocks to file contents, all of them or none. A block's SEARCH text is matched
 * exactly as whole lines first; when it does not occur, line by line ignoring whitespace at both
 * ends of each line and runs of inner whitespace (the REPLACE lines are then re-indented the way the
 * file's lines differ from the SEARCH lines), then also ignoring blank lines, and last exactly
 * anywhere, also inside a line. A match is used only when it is unique.
 * Blocks for files outside {@code editable} and for readonly files are refused. Every failure is
 * described precisely enough for a model to correct its reply. Pure: contents in, contents out.
 */
public final class EditApplier {
    private static final String BOM = "\uFEFF";

    private EditApplier() {
    }

    /** The outcome: new contents of the files that changed, or an account of what failed. */
    public sealed interface Result {
    }

    /** Every block applied; {@code files} holds the new full content of each changed file. */
    public record Applied(Map<String, String> files) implements Result {
        public Applied {
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }
    }

    /** Nothing applied; {@code problems} has one entry per failing block. */
    public record Failed(List<String> problems) implements Result {
        public Failed {
            problems = List.copyOf(problems);
        }

        /** The problems as one text to show a model or record as a reason. */
        public String account() {
            StringBuilder sb = new StringBuilder();
            for (String p : problems) {
                sb.append("- ").append(p.replace("\n", "\n  ")).append('\n');
            }
            return sb.toString().stripTrailing();
        }
    }

    /**
     * Reads the edit blocks of a model's reply and applies them to {@code files}; a malformed block
     * fails the whole reply.
     */
    public static Result applyReply(String reply, EditableFiles files, ProgramSpec spec) {
        ParsedReply parsed = EditBlockParser.parse(reply);
        if (parsed.blocks().isEmpty()) {
            return new Failed(parsed.problems().isEmpty()
                    ? List.of("the reply has no SEARCH/REPLACE edit blocks") : parsed.problems());
        }
        Result result = apply(files.text(), files.binary(), parsed.blocks(), spec);
        if (parsed.problems().isEmpty()) {
            return result;
        }
        List<String> problems = new ArrayList<>(parsed.problems());
        if (result instanceof Failed) {
            problems.addAll(((Failed) result).problems());
        }
        return new Failed(problems);
    }

    /**
     * Applies {@code blocks} to {@code files}.
     *
     * @param files    the current text of every editable file, by path relative to the repository root
     * @param binary   editable files that exist but are not text (they cannot be edited)
     * @param blocks   the blocks in reply order; several for one file apply one after another
     * @param spec     decides which paths may change
     */
    public static Result apply(Map<String, String> files, Set<String> binary, List<EditBlock> blocks, ProgramSpec spec) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(spec, "spec");
        if (blocks.isEmpty()) {
            return new Failed(List.of("the reply has no SEARCH/REPLACE edit blocks"));
        }
        Map<String, String> working = new LinkedHashMap<>();
        Map<String, Form> forms = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (EditBlock block : blocks) {
            String where = "block " + block.number() + " (" + block.path() + ")";
            String path = resolve(block.path(), files);
            if (path == null) {
                problems.add(where + ": the path must be relative to the repository root, stay inside it and stay out of .git");
                continue;
            }
            if (spec.isProtected(path)) {
                problems.add(where + ": " + path + " is readonly and must not be changed; edit only "
                        + editableList(files, spec));
                continue;
            }
            if (!spec.isEditable(path)) {
                problems.add(where + ": " + path + " is not editable; edit only " + editableList(files, spec));
                continue;
            }
            if (binary.contains(path)) {
                problems.add(where + ": " + path + " is a binary file and cannot be edited with SEARCH/REPLACE");
                continue;
            }
            String current = working.get(path);
            if (current == null) {
                String original = files.get(path);
                if (original == null) {
                    String clash = clash(path, files.keySet(), binary);
                    if (clash != null) {
                        problems.add(where + ": " + path + " cannot be created: " + clash);
                        continue;
                    }
                    if (!block.search().isEmpty()) {
                        problems.add(where + ": " + path + " does not exist; to create it, leave the SEARCH"
                                + " section empty; to change an existing file, use its exact path: "
                                + editableList(files, spec));
                        continue;
                    }
                    working.put(path, block.replace());
                    continue;
                }
                Form form = Form.of(original);
                forms.put(path, form);
                current = form.lines(original);
            }
            if (block.search().isEmpty() && current.isBlank()) {
                edited(working, forms, path, current, block.replace());
                continue;
            }
            Outcome outcome = applyOne(current, block, path);
            if (outcome.problem != null) {
                problems.add(where + ": " + outcome.problem);
            } else {
                edited(working, forms, path, current, outcome.content);
            }
        }
        if (!problems.isEmpty()) {
            return new Failed(problems);
        }
        Map<String, String> changed = new LinkedHashMap<>();
        working.forEach((path, content) -> {
            Form form = forms.get(path);
            String out = form == null ? content : form.restore(content);
            if (!out.equals(files.get(path))) {
                changed.put(path, out);
            }
        });
        if (changed.isEmpty()) {
            return new Failed(List.of("the edits change nothing: each REPLACE section equals its SEARCH section"));
        }
        return new Applied(changed);
    }

    private static void edited(Map<String, String> working, Map<String, Form> forms, String path, String before,
                               String after) {
        Form form = forms.get(path);
        if (form != null) {
            form.edited(before, after);
        }
        working.put(path, after);
    }

    /**
     * How an existing file's text is stored apart from its lines: a byte order mark, and whether each
     * line ends in CRLF. Edits work on the text with plain {@code \n}; on the way back every line
     * keeps its own ending and a new line takes the ending most lines have, so a file with mixed
     * endings changes only where it was edited.
     */
    private static final class Form {
        private final boolean bom;
        /** One entry per {@code \n} of the edited text: true where the file has CRLF. */
        private List<Boolean> crlf;
        private final boolean crlfForNewLines;

        private Form(boolean bom, List<Boolean> crlf) {
            this.bom = bom;
            this.crlf = crlf;
            long crlfs = crlf.stream().filter(c -> c).count();
            this.crlfForNewLines = crlfs * 2 > crlf.size();
        }

        static Form of(String original) {
            List<Boolean> crlf = new ArrayList<>();
            for (int i = original.indexOf('\n'); i >= 0; i = original.indexOf('\n', i + 1)) {
                crlf.add(i > 0 && original.charAt(i - 1) == '\r');
            }
            return new Form(original.startsWith(BOM), crlf);
        }

        /** The text edits work on: no byte order mark, {@code \n} line ends. */
        String lines(String original) {
            return (bom ? original.substring(1) : original).replace("\r\n", "\n");
        }

        /**
         * Follows one edit: the line ends before and after the changed span keep their endings, those
         * inside it are new. One block changes one span, so a common prefix and suffix find it.
         */
        void edited(String before, String after) {
            int limit = Math.min(before.length(), after.length());
            int prefix = 0;
            while (prefix < limit && before.charAt(prefix) == after.charAt(prefix)) {
                prefix++;
            }
            int suffix = 0;
            while (suffix < limit - prefix
                    && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
                suffix++;
            }
            int kept = newlines(before, 0, prefix);
            int keptAtEnd = newlines(before, before.length() - suffix, before.length());
            int added = newlines(after, prefix, after.length() - suffix);
            List<Boolean> next = new ArrayList<>(crlf.subList(0, kept));
            next.addAll(Collections.nCopies(added, crlfForNewLines));
            next.addAll(crlf.subList(crlf.size() - keptAtEnd, crlf.size()));
            crlf = next;
        }

        /** {@code content}, edited, stored as the file was. */
        String restore(String content) {
            StringBuilder out = new StringBuilder(content.length() + crlf.size() + 1);
            if (bom) {
                out.append(BOM);
            }
            int line = 0;
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                if (c == '\n' && line < crlf.size() && crlf.get(line++)) {
                    out.append('\r');
                }
                out.append(c);
            }
            return out.toString();
        }

        private static int newlines(String text, int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }
    }

    private record Outcome(String content, String problem) {
        static Outcome ok(String content) {
            return new Outcome(content, null);
        }

        static Outcome fail(String problem) {
            return new Outcome(null, problem);
        }
    }

    private static Outcome applyOne(String content, EditBlock block, String path) {
        String search = block.search();
        if (search.isEmpty()) {
            return Outcome.fail("the SEARCH section is empty but " + path + " already exists and is not empty;"
                    + " quote the lines to replace in SEARCH");
        }
        int first = alignedIndexOf(content, search, 0);
        if (first >= 0) {
            int second = alignedIndexOf(content, search, first + 1);
            if (second < 0) {
                return Outcome.ok(content.substring(0, first) + block.replace() + content.substring(first + search.length()));
            }
            List<Integer> lines = exactLines(content, search);
            return Outcome.fail(SearchAccounts.ambiguous(path, lines.size(), lines));
        }
        return tolerant(content, block, path);
    }

    private static Outcome tolerant(String content, EditBlock block, String path) {
        boolean trailingNewline = content.endsWith("\n");
        List<String> fileLines = lines(content);
        List<String> searchLines = trimBlankEdges(lines(block.search()));
        if (searchLines.isEmpty()) {
            return Outcome.fail("the SEARCH section holds only blank lines; quote the lines to replace");
        }
        List<String> replaceLines = trimBlankEdges(lines(block.replace()));
        List<Match> matches = find(fileLines, searchLines, false);
        if (matches.isEmpty()) {
            matches = find(fileLines, searchLines, true);
        }
        if (matches.size() > 1) {
            List<Integer> starts = new ArrayList<>();
            matches.forEach(m -> starts.add(m.from()));
            return Outcome.fail(SearchAccounts.ambiguous(path, starts.size(), starts));
        }
        if (matches.isEmpty()) {
            Outcome within = withinLines(content, block, path);
            return within != null ? within
                    : Outcome.fail(SearchAccounts.notFound(path, fileLines, lines(block.search())));
        }
        Match m = matches.get(0);
        List<String> matched = new ArrayList<>();
        m.fileIndexes().forEach(i -> matched.add(fileLines.get(i)));
        List<String> out = new ArrayList<>(fileLines.subList(0, m.from()));
        out.addAll(reindent(m.searchLines(), matched, replaceLines));
        out.addAll(fileLines.subList(m.to(), fileLines.size()));
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < out.size(); k++) {
            sb.append(out.get(k));
            if (k < out.size() - 1 || trailingNewline) {
                sb.append('\n');
            }
        }
        return Outcome.ok(sb.toString());
    }

    /**
     * A tolerant match: file lines {@code from} (inclusive) to {@code to} (exclusive) are replaced;
     * {@code fileIndexes} are the file lines that matched {@code searchLines}, one for one.
     */
    private record Match(int from, int to, List<Integer> fileIndexes, List<String> searchLines) {
    }

    /**
     * Every place where the SEARCH lines occur, comparing lines without their outer whitespace and
     * with inner runs of whitespace as one space; with {@code ignoreBlank}, blank lines on either
     * side are left out of the comparison.
     */
    private static List<Match> find(List<String> fileLines, List<String> searchLines, boolean ignoreBlank) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < fileLines.size(); i++) {
            if (!ignoreBlank || !fileLines.get(i).isBlank()) {
                candidates.add(i);
            }
        }
        List<String> wanted = new ArrayList<>();
        for (String line : searchLines) {
            if (!ignoreBlank || !line.isBlank()) {
                wanted.add(line);
            }
        }
        List<Match> matches = new ArrayList<>();
        int n = wanted.size();
        for (int i = 0; i + n <= candidates.size(); i++) {
            boolean all = true;
            for (int j = 0; j < n && all; j++) {
                String fileKey = SearchAccounts.key(fileLines.get(candidates.get(i + j)));
                all = fileKey.equals(SearchAccounts.key(wanted.get(j)));
            }
            if (all) {
                matches.add(new Match(candidates.get(i), candidates.get(i + n - 1) + 1,
                        candidates.subList(i, i + n), wanted));
            }
        }
        return matches;
    }

    /**
     * Gives the REPLACE lines the indentation the file uses where the SEARCH lines used another:
     * each SEARCH indentation maps to the indentation of the file line it matched; a REPLACE line
     * takes the mapping of the longest SEARCH indentation its own begins with, and the rest of its
     * indentation is converted level by level (four spaces to a tab, two spaces to four) when the
     * SEARCH lines show what one level is on both sides.
     */
    private static List<String> reindent(List<String> search, List<String> matched, List<String> replace) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int j = 0; j < search.size(); j++) {
            if (search.get(j).isBlank()) {
                continue;
            }
            String from = indent(search.get(j));
            String to = indent(matched.get(j));
            String known = map.putIfAbsent(from, to);
            if (known != null && !known.equals(to)) {
                return replace;
            }
        }
        if (map.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))) {
            return replace;
        }
        String stepFrom = null;
        String stepTo = null;
        for (Map.Entry<String, String> a : map.entrySet()) {
            for (Map.Entry<String, String> b : map.entrySet()) {
                if (b.getKey().length() > a.getKey().length() && b.getKey().startsWith(a.getKey())
                        && b.getValue().length() > a.getValue().length() && b.getValue().startsWith(a.getValue())
                        && (stepFrom == null || b.getKey().length() - a.getKey().length() < stepFrom.length())) {
                    stepFrom = b.getKey().substring(a.getKey().length());
                    stepTo = b.getValue().substring(a.getValue().length());
                }
            }
        }
        List<String> out = new ArrayList<>(replace.size());
        for (String line : replace) {
            if (line.isBlank()) {
                out.add(line);
                continue;
            }
            String ind = indent(line);
            String best = null;
            for (String from : map.keySet()) {
                if (ind.startsWith(from) && (best == null || from.length() > best.length())) {
                    best = from;
                }
            }
            if (best == null) {
                out.add(line);
                continue;
            }
            String rest = ind.substring(best.length());
            if (stepFrom != null && !rest.isEmpty() && rest.replace(stepFrom, "").isEmpty()) {
                rest = stepTo.repeat(rest.length() / stepFrom.length());
            }
            out.add(map.get(best) + rest + line.substring(ind.length()));
        }
        return out;
    }

    /**
     * The SEARCH text replaced where it occurs exactly once in any position, also inside a line
     * ({@code WARMUP = 10} in {@code WARMUP = 10  # warmup steps}). The text is taken without the line
     * end the parser gives every section (and the REPLACE text without its own), so that a line the
     * model quoted in part is found; several occurrences are refused with their count (the text
     * alone, not with its line end, decides, as the model may have meant any of them). Null when it
     * does not occur at all.
     */
    private static Outcome withinLines(String content, EditBlock block, String path) {
        String search = withoutFinalNewline(block.search());
        String replace = withoutFinalNewline(block.replace());
        List<Integer> at = occurrences(content, search);
        if (at.isEmpty()) {
            return null;
        }
        if (at.size() > 1) {
            List<Integer> lines = new ArrayList<>();
            for (int offset : at) {
                lines.add(lineOf(content, offset));
            }
            return Outcome.fail(SearchAccounts.ambiguous(path, at.size(), lines));
        }
        int i = at.get(0);
        return Outcome.ok(content.substring(0, i) + replace + content.substring(i + search.length()));
    }

    private static String withoutFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Where {@code search} starts in {@code content}, overlapping occurrences included. */
    private static List<Integer> occurrences(String content, String search) {
        List<Integer> out = new ArrayList<>();
        for (int at = content.indexOf(search); at >= 0; at = content.indexOf(search, at + 1)) {
            out.add(at);
        }
        return out;
    }

    /** The 0-based line of {@code offset} in {@code content}. */
    private static int lineOf(String content, int offset) {
        int line = 0;
        for (int i = content.indexOf('\n'); i >= 0 && i < offset; i = content.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    /** The index of the next occurrence of {@code search} that starts a line, or -1. */
    private static int alignedIndexOf(String content, String search, int from) {
        int at = content.indexOf(search, from);
        while (at > 0 && content.charAt(at - 1) != '\n') {
            at = content.indexOf(search, at + 1);
        }
        return at;
    }

    /** The 0-based line indexes where exact occurrences of {@code search} start. */
    private static List<Integer> exactLines(String content, String search) {
        List<Integer> out = new ArrayList<>();
        for (int at = alignedIndexOf(content, search, 0); at >= 0; at = alignedIndexOf(content, search, at + 1)) {
            out.add(lineOf(content, at));
        }
        return out;
    }

    /**
     * The path the block means, or null when it is unsafe (absolute, leaving the repository, inside
     * {@code .git}). {@code .} and empty segments are dropped, so no spelling of an existing file can
     * pass for a new one. A name that is not a file but ends one is that file when only one does; a
     * {@code a/} or {@code b/} prefix copied from a diff is dropped when the rest names a file.
     */
    private static String resolve(String raw, Map<String, String> files) {
        String p = raw.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : p.split("/")) {
            if (segment.equals("..") || segment.equals(".git")) {
                return null;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            return null;
        }
        p = String.join("/", segments);
        String known = known(p, files);
        if (known == null && segments.size() > 1 && (segments.get(0).equals("a") || segments.get(0).equals("b"))) {
            known = known(p.substring(2), files);
        }
        return known != null ? known : p;
    }

    /** {@code path} when it is a file, else the only file whose path ends with it, else null. */
    private static String known(String path, Map<String, String> files) {
        if (files.containsKey(path)) {
            return path;
        }
        String suffix = "/" + path;
        String only = null;
        for (String file : files.keySet()) {
            if (file.endsWith(suffix)) {
                if (only != null) {
                    return null;
                }
                only = file;
            }
        }
        return only;
    }

    /** Why a new file cannot be written at {@code path}: an existing file is in its way; else null. */
    private static String clash(String path, Set<String> text, Set<String> binary) {
        for (Set<String> known : List.of(text, binary)) {
            for (String file : known) {
                if (path.startsWith(file + "/")) {
                    return file + " is a file";
                }
                if (file.startsWith(path + "/")) {
                    return "it is a directory (holding " + file + ")";
                }
            }
        }
        return null;
    }

    private static String editableList(Map<String, String> files, ProgramSpec spec) {
        List<String> names = new ArrayList<>(files.keySet());
        if (names.isEmpty()) {
            return "files matching " + spec.editable();
        }
        if (names.size() > 20) {
            return String.join(", ", names.subList(0, 20)) + " and " + (names.size() - 20) + " more";
        }
        return String.join(", ", names);
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static List<String> trimBlankEdges(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }

    private static String indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(0, i);
    }
}
