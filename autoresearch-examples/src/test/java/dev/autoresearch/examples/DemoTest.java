package dev.autoresearch.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The tests' way of running Train.java keeps its own time limit. */
class DemoTest {
    @TempDir
    Path temp;

    @Test
    void aRunThatOutlastsItsLimitIsStoppedAtTheLimit() throws Exception {
        Files.writeString(temp.resolve("Train.java"), """
                public class Train {
                    public static void main(String[] args) throws Exception {
                        System.out.println("training...");
                        Thread.sleep(120_000);
                    }
                }
                """);

        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> assertThatThrownBy(() -> Demo.run(temp, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class).hasMessage("Train.java ran for more than 3s"));
    }

    @Test
    void aRunWithinItsLimitGivesItsOutputAndSummary() throws Exception {
        Files.writeString(temp.resolve("Train.java"), """
                public class Train {
                    public static void main(String[] args) {
                        System.out.println("step 1\\n---\\nval_loss:         0.5\\nnum_params:       7");
                    }
                }
                """);

        Demo.Run run = Demo.run(temp, Duration.ofSeconds(60));

        assertThat(run.exit()).isZero();
        assertThat(run.output()).startsWith("step 1\n");
        assertThat(run.metric("val_loss")).isEqualTo(0.5);
        assertThat(run.summary()).containsEntry("num_params", "7");
    }
}
