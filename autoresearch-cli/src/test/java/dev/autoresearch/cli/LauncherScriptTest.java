package dev.autoresearch.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root launcher script {@code ./autoresearch}, run with bash on a copy of the checkout's layout
 * and a fake {@code mvn} on the PATH that "builds" by copying a tiny jar into place: it prints its
 * working directory and arguments, so no real build runs and what the launcher ran is visible.
 */
class LauncherScriptTest {
    private static Path tinyJar;

    @TempDir
    Path dir;

    Path checkout;
    Path mvnLog;
    Path jar;
    final Map<String, String> env = new HashMap<>();

    /** What a launch did. */
    record Launch(int code, String output) {
    }

    @BeforeAll
    static void buildTheTinyJar(@TempDir Path shared) throws IOException {
        Path src = Files.createDirectories(shared.resolve("src"));
        Files.writeString(src.resolve("Tiny.java"), """
                public class Tiny {
                    public static void main(String[] args) {
                        System.out.println("tiny in " + System.getProperty("user.dir") + ": " + String.join(" ", args));
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", src.toString(), src.resolve("Tiny.java").toString())).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Tiny");
        tinyJar = shared.resolve("tiny.jar");
        try (OutputStream out = Files.newOutputStream(tinyJar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Tiny.class"));
            jarOut.write(Files.readAllBytes(src.resolve("Tiny.class")));
            jarOut.closeEntry();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        checkout = dir.resolve("checkout");
        Path script = checkoutRoot().resolve("autoresearch");
        Files.createDirectories(checkout);
        Files.copy(script, checkout.resolve("autoresearch"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String file : List.of("pom.xml", "autoresearch-core/pom.xml", "autoresearch-cli/pom.xml",
                "autoresearch-core/src/main/java/Core.java", "autoresearch-cli/src/main/java/Cli.java",
                "autoresearch-cli/src/test/java/CliTest.java")) {
            Path p = checkout.resolve(file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "// " + file + "\n");
            // Sources well older than any jar built below, whatever the clock's resolution.
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        jar = checkout.resolve("autoresearch-cli/target/autoresearch.jar");
        mvnLog = dir.resolve("mvn.log");
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        executable(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "$PWD: mvn $*" >>"$FAKE_MVN_LOG"
                sleep "${FAKE_MVN_SLEEP:-0}"
                mkdir -p autoresearch-cli/target
                cp "$TINY_JAR" autoresearch-cli/target/autoresearch.jar
                """);
        env.put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        env.put("FAKE_MVN_LOG", mvnLog.toString());
        env.put("TINY_JAR", tinyJar.toString());
    }

    @Test
    void buildsOnFirstUseAndRunsTheJarInTheCallersDirectory() throws Exception {
        Launch first = launch(checkout.resolve("autoresearch"), checkout, "status", "--tag", "a b");

        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("autoresearch: building the command on first use")
                .contains("tiny in " + checkout + ": status --tag a b");
        assertThat(builds()).containsExactly(checkout + ": mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl autoresearch-cli -am");
        assertThat(jar).exists();
    }

    /** A machine with only a JDK and git: no mvn on the PATH, so the checkout's Maven wrapper builds. */
    @Test
    void withoutMvnOnThePathTheMavenWrapperBuilds() throws Exception {
        executable(checkout.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$PWD: mvnw $*" >>"$FAKE_MVN_LOG"
                mkdir -p autoresearch-cli/target
                cp "$TINY_JAR" autoresearch-cli/target/autoresearch.jar
                """);
        env.put("PATH", pathWithout("mvn") + ":" + Path.of(System.getProperty("java.home"), "bin"));

        Launch r = launch(checkout.resolve("autoresearch"), checkout, "status");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("tiny in " + checkout + ": status");
        assertThat(builds()).containsExactly(checkout + ": mvnw -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl autoresearch-cli -am");
    }

    @Test
    void withoutMvnAndWithoutTheWrapperItSaysWhatIsMissing() throws Exception {
        env.put("PATH", pathWithout("mvn") + ":" + Path.of(System.getProperty("java.home"), "bin"));

        Launch r = launch(checkout.resolve("autoresearch"), checkout, "status");

        assertThat(r.code()).isEqualTo(4);
        assertThat(r.output()).isEqualTo("autoresearch: Maven (mvn) not found, nor the Maven wrapper "
                + checkout.resolve("mvnw") + "; one is needed once to build " + jar + "\n");
    }

    @Test
    void rebuildsOnlyWhenAMainSourceOrAPomIsNewerThanTheJar() throws Exception {
        Path launcher = checkout.resolve("autoresearch");
        assertThat(launch(launcher, checkout, "run").code()).isZero();

        Launch unchanged = launch(launcher, checkout, "run");
        assertThat(unchanged.output()).doesNotContain("building").contains("tiny in " + checkout + ": run");
        touchAfterTheJar("autoresearch-cli/src/test/java/CliTest.java");
        assertThat(launch(launcher, checkout, "run").output()).as("a test source").doesNotContain("building");
        assertThat(builds()).hasSize(1);

        touchAfterTheJar("autoresearch-core/src/main/java/Core.java");
        Launch changed = launch(launcher, checkout, "run");
        assertThat(changed.output()).contains("autoresearch: sources changed, rebuilding the command")
                .contains("tiny in " + checkout + ": run");
        assertThat(builds()).hasSize(2);

        touchAfterTheJar("autoresearch-cli/pom.xml");
        assertThat(launch(launcher, checkout, "run").output()).contains("rebuilding");
        assertThat(builds()).hasSize(3);
    }

    @Test
    void worksThroughAChainOfSymbolicLinksAndFromASubdirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/bin"));
        Files.createSymbolicLink(home.resolve("autoresearch"), checkout.resolve("autoresearch"));
        // A relative link to the link: each is resolved from its own directory.
        Path tools = Files.createDirectories(dir.resolve("home/tools"));
        Files.createSymbolicLink(tools.resolve("ar"), Path.of("../bin/autoresearch"));
        Path subdirectory = checkout.resolve("autoresearch-core/src");

        Launch r = launch(tools.resolve("ar"), subdirectory, "status");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("tiny in " + subdirectory + ": status");
        assertThat(builds()).as("built in the checkout").containsExactly(
                checkout + ": mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl autoresearch-cli -am");
        assertThat(jar).exists();
        assertThat(dir.resolve("home/bin/autoresearch-cli")).doesNotExist();
    }

    @Test
    void aJavaOlderThan17IsOneLineAndExitCode4() throws Exception {
        for (String version : List.of("java version \"1.8.0_292\"", "openjdk version \"11.0.22\" 2024-01-16")) {
            Path oldJava = executable(dir.resolve("old-java"), "#!/usr/bin/env bash\n"
                    + "echo 'Picked up JAVA_TOOL_OPTIONS: -Dx=y' >&2\n"
                    + "echo '" + version + "' >&2\n");
            env.put("JAVA", oldJava.toString());

            Launch r = launch(checkout.resolve("autoresearch"), checkout, "run");

            String major = version.contains("1.8") ? "8" : "11";
            assertThat(r.code()).isEqualTo(4);
            assertThat(r.output()).isEqualTo("autoresearch: " + oldJava + " is Java " + major
                    + "; autoresearch needs Java 17 or later: install a JDK 17 or later, or set JAVA to its java\n");
        }
        assertThat(mvnLog).doesNotExist();
    }

    @Test
    void twoFirstUsesAtOnceBuildOnce() throws Exception {
        env.put("FAKE_MVN_SLEEP", "2");
        List<Process> launches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            launches.add(start(checkout.resolve("autoresearch"), checkout, dir.resolve("out" + i), "run", "#" + i));
        }
        for (int i = 0; i < 2; i++) {
            Launch r = finish(launches.get(i), dir.resolve("out" + i));
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(r.output()).contains("tiny in " + checkout + ": run #" + i);
        }
        assertThat(builds()).hasSize(1);
        assertThat(checkout.resolve("autoresearch-cli/target/.autoresearch-build.lock")).doesNotExist();
    }

    @Test
    void aBuildLockLeftByAProcessThatIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path lock = Files.createDirectories(checkout.resolve("autoresearch-cli/target/.autoresearch-build.lock"));
        Files.writeString(lock.resolve("pid"), gone.pid() + "\n");

        Launch r = launch(checkout.resolve("autoresearch"), checkout, "run");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("waiting").contains("tiny in " + checkout + ": run");
        assertThat(builds()).hasSize(1);
        assertThat(lock).doesNotExist();
    }

    // ---------------------------------------------------------------------------------- helpers

    /** The repository this test runs in: the directory above the module with the launcher script. */
    private static Path checkoutRoot() {
        Path module = Path.of("").toAbsolutePath();
        for (Path d = module; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("autoresearch")) && Files.isDirectory(d.resolve("autoresearch-cli"))) {
                return d;
            }
        }
        throw new IllegalStateException("no launcher script above " + module);
    }

    /**
     * A directory of stand-ins for the tools the launcher and the fake builds use, found on this machine's
     * PATH, without {@code missing}: a PATH on which {@code missing} is not found.
     */
    private String pathWithout(String missing) throws IOException {
        Path tools = Files.createDirectories(dir.resolve("tools-without-" + missing));
        for (String tool : List.of("env", "bash", "dirname", "readlink", "cat", "mkdir", "rm", "find", "grep",
                "mktemp", "tail", "sleep", "cp", "pwd")) {
            if (tool.equals(missing)) {
                continue;
            }
            for (String d : System.getenv("PATH").split(":")) {
                Path candidate = Path.of(d, tool);
                if (Files.isExecutable(candidate) && !Files.exists(tools.resolve(tool))) {
                    // A script rather than a link: the temporary directory is deleted without warnings.
                    executable(tools.resolve(tool), "#!/bin/sh\nexec '" + candidate + "' \"$@\"\n");
                }
            }
        }
        return tools.toString();
    }

    private List<String> builds() throws IOException {
        return Files.exists(mvnLog) ? Files.readAllLines(mvnLog) : List.of();
    }

    private void touchAfterTheJar(String file) throws IOException {
        FileTime built = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(checkout.resolve(file), FileTime.from(built.toInstant().plusSeconds(5)));
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Launch launch(Path launcher, Path workingDirectory, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "launch", ".out");
        return finish(start(launcher, workingDirectory, out, args), out);
    }

    private Process start(Path launcher, Path workingDirectory, Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("JAVA");
        pb.environment().remove("AUTORESEARCH_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static Launch finish(Process p, Path out) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the launcher ran for more than 60s:\n" + Files.readString(out));
        }
        return new Launch(p.exitValue(), Files.readString(out));
    }
}
