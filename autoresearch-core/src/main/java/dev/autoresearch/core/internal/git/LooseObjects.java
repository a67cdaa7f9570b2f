package dev.autoresearch.core.internal.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.InflaterInputStream;

/**
 * Reads the objects of a repository that are stored loose, as those git has just written are (a
 * commit, its tree and its changed blobs' entries), so that what the loop made a moment ago is read
 * without a git process. Anything packed or unreadable is empty: the caller asks git then.
 */
final class LooseObjects {
    static final Pattern ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** A tree bigger than this is asked of git rather than read whole here. */
    private static final int MAX_TREE_BYTES = 4 << 20;

    private final Path objects;

    LooseObjects(Path objects) {
        this.objects = objects;
    }

    /** An entry of a tree: the mode as git writes it ({@code 100644}) and the object's id. */
    record Entry(String mode, String id) {
        /** A regular file, executable or not (not a folder, a link or a submodule). */
        boolean isRegularFile() {
            return mode.equals("100644") || mode.equals("100755");
        }
    }

    /** The tree on the first line of {@code commit}'s object, when it is stored loose. */
    Optional<String> treeOf(String commit) {
        if (!ID.matcher(commit).matches()) {
            return Optional.empty();
        }
        // A loose object is deflated "commit <size>\0tree <id>\n...".
        try (InputStream in = open(commit)) {
            String start = new String(in.readNBytes(128), StandardCharsets.ISO_8859_1);
            int nul = start.indexOf('\0');
            int end = start.indexOf('\n');
            if (!start.startsWith("commit ") || nul < 0 || !start.startsWith("tree ", nul + 1) || end < nul) {
                return Optional.empty();
            }
            String tree = start.substring(nul + 1 + "tree ".length(), end);
            return ID.matcher(tree).matches() ? Optional.of(tree) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The entry at {@code path} ({@code /} separators) in {@code commit}, when every tree on the way is loose. */
    Optional<Entry> entryAt(String commit, String path) {
        Optional<String> tree = treeOf(commit);
        String[] names = path.split("/");
        for (int i = 0; i < names.length && tree.isPresent(); i++) {
            Optional<Entry> entry = entryIn(tree.get(), names[i]);
            if (entry.isEmpty() || i == names.length - 1) {
                return entry;
            }
            tree = entry.get().mode().equals("40000") ? Optional.of(entry.get().id()) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The entry {@code name} of the loose tree {@code tree}: "tree <size>\0" then "<mode> <name>\0<raw id>" each. */
    private Optional<Entry> entryIn(String tree, String name) {
        int idBytes = tree.length() / 2;
        try (InputStream in = open(tree)) {
            byte[] object = in.readNBytes(MAX_TREE_BYTES);
            int at = indexOf(object, 0, (byte) 0) + 1;
            if (at <= 0 || !new String(object, 0, 5, StandardCharsets.ISO_8859_1).equals("tree ")) {
                return Optional.empty();
            }
            while (at < object.length) {
                int space = indexOf(object, at, (byte) ' ');
                int nul = indexOf(object, space + 1, (byte) 0);
                if (space < 0 || nul < 0 || nul + 1 + idBytes > object.length) {
                    return Optional.empty();
                }
                String entryName = new String(object, space + 1, nul - space - 1, StandardCharsets.UTF_8);
                if (entryName.equals(name)) {
                    return Optional.of(new Entry(new String(object, at, space - at, StandardCharsets.ISO_8859_1),
                            HexFormat.of().formatHex(object, nul + 1, nul + 1 + idBytes)));
                }
                at = nul + 1 + idBytes;
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private InputStream open(String id) throws IOException {
        return new InflaterInputStream(Files.newInputStream(objects.resolve(id.substring(0, 2)).resolve(id.substring(2))));
    }

    private static int indexOf(byte[] bytes, int from, byte wanted) {
        for (int i = Math.max(from, 0); i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
