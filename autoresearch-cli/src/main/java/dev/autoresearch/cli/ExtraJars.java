package dev.autoresearch.cli;

import dev.autoresearch.host.UsageException;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jars named by {@code AUTORESEARCH_CLASSPATH}, where the command finds runners and strategies
 * that are not built in: the command runs as {@code java -jar}, whose class path cannot be extended.
 * Entries are separated as in a class path ({@code :}, {@code ;} on Windows); each is a jar, a folder of
 * classes, or {@code folder/*} for every jar in a folder.
 */
final class ExtraJars {
    /** The variable that names them. */
    static final String VARIABLE = "AUTORESEARCH_CLASSPATH";

    private ExtraJars() {
    }

    /**
     * A loader over the jars {@code classpath} names whose parent is {@code parent}, or {@code parent}
     * itself when none is named.
     *
     * @throws UsageException naming an entry that does not exist
     */
    static ClassLoader loader(Optional<String> classpath, ClassLoader parent) {
        if (classpath.isEmpty() || classpath.get().isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.get().split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
                jarsIn(Path.of(entry.substring(0, entry.length() - 2)), entry).forEach(jar -> urls.add(url(jar)));
            } else {
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw missing(entry);
                }
                urls.add(url(path));
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    private static List<Path> jarsIn(Path folder, String entry) {
        if (!Files.isDirectory(folder)) {
            throw missing(entry);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException(VARIABLE + " names " + entry + ", which cannot be listed: " + e.getMessage());
        }
    }

    private static UsageException missing(String entry) {
        return new UsageException(VARIABLE + " names " + entry + ", which does not exist",
                "set it to the jars that provide your runners or strategies, separated by '" + File.pathSeparator + "'");
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException(VARIABLE + " names " + path + ", which is not a usable path: " + e.getMessage());
        }
    }
}
