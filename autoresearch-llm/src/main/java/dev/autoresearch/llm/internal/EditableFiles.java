package dev.autoresearch.llm.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The editable files of a worktree as the model sees them: the text of each, by path relative to
 * the worktree, in path order, and the editable files that are not text. Directories that hold
 * no sources ({@code .git}, {@code target}, {@code node_modules}, ...) are skipped unless an
 * editable pattern names them.
 *
 * @param text   UTF-8 text by relative path
 * @param binary editable files that are not UTF-8 text
 */
public record EditableFiles(Map<String, String> text, Set<String> binary) {
    private static final Set<String> SKIPPED = Set.of(".git", ".autoresearch", "target", "node_modules",
            "__pycache__", ".venv", "venv", ".gradle", ".idea", ".mypy_cache", ".pytest_cache", ".tox",
            ".ruff_cache", ".ipynb_checkpoints");

    public EditableFiles {
        text = Collections.unmodifiableMap(new LinkedHashMap<>(text));
        binary = Collections.unmodifiableSet(new LinkedHashSet<>(binary));
    }

    /** The limits on what is read, with the names of the settings that change them. */
    public record Budget(long fileBytes, String fileSetting, long totalBytes, String totalSetting, int maxFiles) {
    }

    /**
     * Reads every editable file under {@code worktree}.
     *
     * @throws AutoresearchException when a file is over the per-file budget, the files together are over
     *                               the total budget, too many files are editable, or reading fails
     */
    public static EditableFiles read(Path worktree, ProgramSpec spec, Budget budget) {
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(spec, "spec");
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(worktree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(worktree)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(worktree, dir);
                    String name = dir.getFileName().toString();
                    if (name.equals(".git") || (SKIPPED.contains(name) && !named(spec, rel))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && spec.isEditable(relative(worktree, file))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new AutoresearchException("cannot list the editable files under " + worktree + ": " + e.getMessage(), e);
        }
        if (found.size() > budget.maxFiles()) {
            throw new AutoresearchException(found.size() + " files match 'editable' " + spec.editable()
                    + ", more than the " + budget.maxFiles() + " a prompt can show; narrow 'editable' in the program");
        }
        Map<String, String> text = new TreeMap<>();
        Set<String> binary = new LinkedHashSet<>();
        long total = 0;
        for (Path file : found) {
            String rel = relative(worktree, file);
            byte[] bytes;
            try {
                long size = Files.size(file);
                if (size > budget.fileBytes()) {
                    throw overFile(rel, size, budget);
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new AutoresearchException("cannot read the editable file " + rel + ": " + e.getMessage(), e);
            }
            if (bytes.length > budget.fileBytes()) {
                throw overFile(rel, bytes.length, budget);
            }
            String content = decode(bytes);
            if (content == null) {
                binary.add(rel);
                continue;
            }
            total += bytes.length;
            if (total > budget.totalBytes()) {
                throw new AutoresearchException(String.format(Locale.ROOT,
                        "the editable files together are over the budget of %,d bytes for files shown to the model"
                                + " (reached at %s); narrow 'editable' in the program or raise %s",
                        budget.totalBytes(), rel, budget.totalSetting()));
            }
            text.put(rel, content);
        }
        return new EditableFiles(text, binary);
    }

    /**
     * Why these files with {@code changed} (new contents by path) written over them would break
     * {@code budget}, or empty when they fit. An edit that grows a file past its budget must fail
     * then, or every later prompt would be refused.
     */
    public Optional<String> overBudget(Map<String, String> changed, Budget budget) {
        long total = 0;
        for (Map.Entry<String, String> e : text.entrySet()) {
            if (!changed.containsKey(e.getKey())) {
                total += e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        for (Map.Entry<String, String> e : changed.entrySet()) {
            long size = e.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (size > budget.fileBytes()) {
                return Optional.of(String.format(Locale.ROOT, "the edits make %s %,d bytes, over the budget of %,d"
                        + " bytes per file shown to the model; keep it smaller, or raise %s", e.getKey(), size,
                        budget.fileBytes(), budget.fileSetting()));
            }
            total += size;
        }
        if (total > budget.totalBytes()) {
            return Optional.of(String.format(Locale.ROOT, "the edits make the editable files %,d bytes together,"
                    + " over the budget of %,d bytes for files shown to the model; keep them smaller, or raise %s",
                    total, budget.totalBytes(), budget.totalSetting()));
        }
        return Optional.empty();
    }

    private static AutoresearchException overFile(String rel, long size, Budget budget) {
        return new AutoresearchException(String.format(Locale.ROOT,
                "the editable file %s is %,d bytes, over the budget of %,d bytes per file shown to the model;"
                        + " narrow 'editable' in the program or raise %s",
                rel, size, budget.fileBytes(), budget.fileSetting()));
    }

    private static String decode(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** True when an editable pattern reaches into {@code relDir} by name. */
    private static boolean named(ProgramSpec spec, String relDir) {
        String prefix = relDir + "/";
        for (Glob g : spec.editable()) {
            String p = g.pattern();
            if (p.equals(relDir) || p.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
