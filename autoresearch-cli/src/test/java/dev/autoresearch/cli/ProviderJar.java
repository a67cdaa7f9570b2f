package dev.autoresearch.cli;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A jar of a team's own runner and strategy (src/test/resources/providers), compiled by the JDK's compiler
 * against the library, apart from the tests' class path: what a user puts beside the command.
 */
final class ProviderJar {
    private static final Path SOURCES = Path.of("src/test/resources/providers");

    private ProviderJar() {
    }

    /** Compiles the providers into {@code folder}/providers.jar, with their META-INF/services files. */
    static Path build(Path folder) throws IOException {
        Path classes = Files.createDirectories(folder.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none", "-Xlint:none"));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        if (javac.run(null, messages, messages, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the providers do not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        }
        Path jar = folder.resolve("providers.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> compiled = Files.walk(classes)) {
            for (Path f : compiled.filter(Files::isRegularFile).sorted().toList()) {
                add(out, classes.relativize(f).toString().replace('\\', '/'), f);
            }
            try (Stream<Path> services = Files.list(SOURCES.resolve("services"))) {
                for (Path f : services.sorted().toList()) {
                    add(out, "META-INF/services/" + f.getFileName(), f);
                }
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
    }
}
