package dev.autoresearch.llm.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EditableFilesTest {
    @TempDir
    Path dir;

    private static final EditableFiles.Budget BUDGET = new EditableFiles.Budget(1000, "F", 1500, "T", 10);

    private static ProgramSpec spec(String... editable) {
        return ProgramSpec.builder().metric("m").direction(Direction.MINIMIZE).run("true")
                .editable(editable).readonly("src/harness.py").build();
    }

    private void write(String path, byte[] content) throws Exception {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    private void write(String path, String content) throws Exception {
        write(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void readsEditableTextFilesInPathOrderSkippingBuildOutput() throws Exception {
        write("src/b.py", "b\n");
        write("src/a.py", "a\n");
        write("src/harness.py", "h\n");
        write("src/target/gen.py", "generated\n");
        write("src/node_modules/x.py", "dep\n");
        write(".git/config.py", "nope\n");
        write("README.md", "readme\n");
        write("src/w.bin", new byte[]{1, 0, 2, 3});
        EditableFiles files = EditableFiles.read(dir, spec("src/**"), BUDGET);
        assertThat(files.text()).containsExactly(java.util.Map.entry("src/a.py", "a\n"), java.util.Map.entry("src/b.py", "b\n"));
        assertThat(files.binary()).containsExactly("src/w.bin");
    }

    @Test
    void aDirectoryNamedByAPatternIsRead() throws Exception {
        write("target/config.py", "x\n");
        assertThat(EditableFiles.read(dir, spec("target/config.py"), BUDGET).text()).containsOnlyKeys("target/config.py");
    }

    @Test
    void budgetsAreErrorsNamingTheFileAndTheSetting() throws Exception {
        write("a.py", "x".repeat(1001));
        assertThatThrownBy(() -> EditableFiles.read(dir, spec("*.py"), BUDGET))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the editable file a.py is 1,001 bytes, over the budget of 1,000 bytes per file shown to"
                        + " the model; narrow 'editable' in the program or raise F");
        write("a.py", "x".repeat(800));
        write("b.py", "x".repeat(800));
        assertThatThrownBy(() -> EditableFiles.read(dir, spec("*.py"), BUDGET))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the editable files together are over the budget of 1,500 bytes for files shown to the"
                        + " model (reached at b.py); narrow 'editable' in the program or raise T");
        for (int i = 0; i < 11; i++) {
            write("many/f" + i + ".txt", "x");
        }
        assertThatThrownBy(() -> EditableFiles.read(dir, spec("many/**"), BUDGET))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("11 files match 'editable' [many/**], more than the 10 a prompt can show");
    }
}
