package dev.autoresearch.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory for a test of sandboxed runs, outside /tmp: the sandbox gives each run a /tmp of its
 * own, so a checkout under /tmp would take in the writes the test must see refused. Under the
 * module's {@code target}, or the home directory when the build itself is under /tmp.
 */
public final class OutsideTmp {
    private static final String FOLDER = ".autoresearch-sandbox-tests";

    private OutsideTmp() {
    }

    /** A new, empty directory. */
    public static Path create() throws IOException {
        Path base = Path.of("target").toAbsolutePath();
        if (base.startsWith("/tmp")) {
            base = Path.of(System.getProperty("user.home"));
        }
        return Files.createDirectories(base.resolve(FOLDER).resolve(UUID.randomUUID().toString()));
    }

    /** Deletes {@code directory} from {@link #create()} and what it holds, and its parent once no other is left in it. */
    public static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        directory.getParent().toFile().delete();
    }
}
