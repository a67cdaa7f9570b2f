package dev.autoresearch.core.program;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The one declaration of program.md's keys: the README documents exactly the declared keys, and a
 * bound is the same for program.md and for a value given in code or by a host.
 */
class ProgramKeysTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z.-]*)` \\|", Pattern.MULTILINE);

    /** A key declared without a README row, or a row left for a key that is gone, fails here. */
    @Test
    void theReadmesKeyTablesListEveryDeclaredKeyAndNoOther() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (String section : List.of("## program.md", "## Keeps decided by statistics")) {
            Matcher rows = ROW.matcher(section(readme(), section));
            while (rows.find()) {
                documented.add(rows.group(1));
            }
        }
        Set<String> declared = new LinkedHashSet<>();
        for (ProgramKey key : ProgramKeys.all()) {
            if (key.type() != ProgramKey.Type.SWITCH) {
                // a mapping's keys share one row, but for the stopping criteria, which have a row each
                declared.add(key.name().startsWith("stop.") ? key.name() : key.section());
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void everyKeyHasADocLineAndWhatItExpects() {
        for (ProgramKey key : ProgramKeys.all()) {
            assertThat(key.doc()).as("the doc line of %s", key).isNotBlank().doesNotContain("\n");
            if (key.type() != ProgramKey.Type.SWITCH) {
                assertThat(key.expected()).as("what %s expects", key).isNotBlank();
            }
            if (key.type() == ProgramKey.Type.WHOLE) {
                assertThat(key.range()).as("the bounds of %s", key).isPresent();
            }
        }
        assertThat(ProgramKeys.all().stream().map(ProgramKey::option).distinct().count())
                .as("one option per key").isEqualTo(ProgramKeys.all().size());
    }

    /**
     * Each bounded key's limits hold alike in program.md, on the builder and from a host's text: the
     * highest value is taken everywhere and the next one refused everywhere.
     */
    @Test
    void aBoundHoldsAlikeInProgramMdAndFromText() {
        List<ProgramKey> bounded = new ArrayList<>();
        for (ProgramKey key : ProgramKeys.all()) {
            if (key.type() != ProgramKey.Type.WHOLE || key.range().orElseThrow().max() == Integer.MAX_VALUE
                    || key.name().equals("slurm.cpus")) {
                continue;
            }
            bounded.add(key);
            long max = (long) key.range().orElseThrow().max();
            String nested = key.name().contains(".") ? key.name().replace(".", ":\n  ") : key.name();
            assertThat(parse(nested + ": " + max)).as("%s at its maximum in program.md", key).isNotNull();
            key.apply(base(), List.of(Long.toString(max)));

            ProgramSpecException e = catchThrowableOfType(ProgramSpecException.class, () -> parse(nested + ": " + (max + 1)));
            assertThat(e).as("%s over its maximum in program.md", key).isNotNull();
            assertThat(e.getMessage()).contains("key '" + key.name() + "': expected " + key.expected());
            assertThatThrownBy(() -> key.apply(base(), List.of(Long.toString(max + 1))))
                    .as("%s over its maximum from text", key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key.name() + " must be between");
        }
        assertThat(bounded).extracting(ProgramKey::name)
                .contains("repeats", "workers", "devices-per-experiment", "baseline-repeats", "max-repeats");
        assertThatThrownBy(() -> ProgramKeys.PATIENCE.apply(base(), List.of("0")))
                .hasMessage("stop.patience must be between 1 and 2147483647, got 0");
        assertThat(catchThrowableOfType(ProgramSpecException.class, () -> parse("stop:\n  patience: 0")))
                .hasMessageContaining("key 'stop.patience': expected " + ProgramKeys.PATIENCE.expected() + ", got 0");
        assertThatThrownBy(() -> ProgramKeys.CONFIDENCE.apply(base(), List.of("1")))
                .hasMessage("confidence must be between 0.5 and 0.999, such as 0.95, got 1.0");
        assertThat(catchThrowableOfType(ProgramSpecException.class, () -> parse("confidence: 1")))
                .hasMessage("program.md:5: key 'confidence': expected a number from 0.5 to 0.999, such as 0.95, got 1");
    }

    @Test
    void aSandboxWritablePathIsCheckedAlikeInProgramMdAndOnTheBuilder() {
        assertThat(catchThrowableOfType(ProgramSpecException.class, () -> parse("sandbox-writable: [cache]")))
                .hasMessageContaining("key 'sandbox-writable': expected " + ProgramKeys.SANDBOX_WRITABLE.expected());
        assertThatThrownBy(() -> ProgramKeys.SANDBOX_WRITABLE.apply(base(), List.of("cache")))
                .hasMessageContaining("a sandbox-writable path must be absolute or start with ~/");
        assertThat(parse("sandbox-writable: [~/.cache, /data]").build().sandboxWritable())
                .containsExactly("~/.cache", "/data");
    }

    @Test
    void theParsersSectionsAreTheDeclaredOnes() {
        assertThat(ProgramKeys.sections()).startsWith("metric", "direction", "run").contains("stop", "holdout", "slurm")
                .doesNotContain("stop.patience", "no-checks");
        assertThat(ProgramKeys.under("stop")).containsExactly("max-experiments", "max-duration", "target", "patience",
                "crash-streak");
        assertThat(ProgramKeys.named("stop.patience")).contains(ProgramKeys.PATIENCE);
        assertThat(ProgramKeys.named("no-checks")).isEmpty();
    }

    private static ProgramSpec.Builder parse(String keys) {
        return ProgramSpec.parse("---\nmetric: score\ndirection: minimize\nrun: ./bench\n" + keys + "\n---\n",
                Path.of("program.md"));
    }

    private static ProgramSpec.Builder base() {
        return ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./train");
    }

    /** The text from a {@code ## } heading to the next one. */
    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("the README's section %s", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String readme() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("autoresearch-core"))) {
                return Files.readString(d.resolve("README.md"), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no checkout with README.md above " + Path.of("").toAbsolutePath());
    }
}
