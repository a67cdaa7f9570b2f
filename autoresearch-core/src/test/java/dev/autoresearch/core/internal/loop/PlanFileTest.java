package dev.autoresearch.core.internal.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** plans/<n>.txt keeps every plan of an experiment's exchange; the last is the one a resume makes again. */
class PlanFileTest {
    @TempDir
    Path dir;

    @Test
    void everyPlanIsKeptInOrderAndTheLastIsInForce() throws Exception {
        Path file = dir.resolve("plans/3.txt");
        PlanFile.write(file, List.of("first reply", "", "corrected reply", "corrected reply"), true);
        assertThat(PlanFile.current(file)).hasValue("corrected reply");

        PlanFile.write(file, List.of("corrected reply", "made again on #5"), false);
        assertThat(PlanFile.current(file)).hasValue("made again on #5");
        String text = Files.readString(file);
        assertThat(text.indexOf("first reply")).isLessThan(text.indexOf("corrected reply"));
        assertThat(text.split(java.util.regex.Pattern.quote(PlanFile.SEPARATOR), -1)).hasSize(3);
    }

    @Test
    void aFileWithOnePlanIsThatPlanAndNoFileIsNone() throws Exception {
        Path file = dir.resolve("plans/1.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "HYPOTHESIS: one\n");
        assertThat(PlanFile.current(file)).hasValue("HYPOTHESIS: one\n");
        assertThat(PlanFile.current(dir.resolve("plans/2.txt"))).isEmpty();
    }
}
