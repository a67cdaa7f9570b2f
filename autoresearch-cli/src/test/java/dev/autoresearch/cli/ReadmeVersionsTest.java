package dev.autoresearch.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The versions the README's snippets name resolve: they are the build's own, which a checkout installs. */
class ReadmeVersionsTest {
    private static final Pattern BUILD_VERSION =
            Pattern.compile("<artifactId>autoresearch-parent</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern PLUGIN_VERSION =
            Pattern.compile("<artifactId>autoresearch-maven-plugin</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern GRADLE_COORDINATE = Pattern.compile("\"dev\\.autoresearch:[a-z-]+:([^\"]+)\"");

    @Test
    void thePluginAndGradleSnippetsNameTheBuildsVersion() throws Exception {
        Path root = checkout();
        Matcher build = BUILD_VERSION.matcher(Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
        assertThat(build.find()).as("the parent's version in pom.xml").isTrue();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);

        List<String> named = new ArrayList<>();
        for (Pattern p : List.of(PLUGIN_VERSION, GRADLE_COORDINATE)) {
            Matcher m = p.matcher(readme);
            while (m.find()) {
                named.add(m.group(1));
            }
        }

        assertThat(named).hasSizeGreaterThanOrEqualTo(2).containsOnly(build.group(1));
    }

    private static Path checkout() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("autoresearch-cli"))) {
                return d;
            }
        }
        throw new AssertionError("no checkout with README.md above " + Path.of("").toAbsolutePath());
    }
}
