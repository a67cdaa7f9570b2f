package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.autoresearch.cli.ProgressPrinterTest.record;
import static org.assertj.core.api.Assertions.assertThat;

class ProgressChartTest {
    @TempDir
    Path dir;

    static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void drawsAJournalWithGreenKeptDotsAndGreyOthers() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
        assertThat(new Cli(repo.root()).run("run", "--tag", "t1").code()).isEqualTo(0);
        JournalContents journal = Journal.read(repo.root().resolve(".autoresearch/t1/journal.jsonl"));
        Path png = dir.resolve("out/progress.png");

        assertThat(ProgressChart.write(journal, png)).isTrue();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(700);
        // Three kept dots (baseline, #1, #3) of 12 px and the legend's: well over 200 pixels of pure green.
        assertThat(count(image, ProgressChart.KEPT.getRGB())).isGreaterThan(200);
        assertThat(count(image, ProgressChart.OTHER.getRGB())).isGreaterThan(20);
    }

    @Test
    void withoutAnyKeptExperimentThereIsNoGreenDotButTheLegend() throws Exception {
        List<ExperimentRecord> records = List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "worse", Status.DISCARD, 1.2, 1000, ""),
                record(2, "crash", Status.CRASH, null, 1000, "exit 1"));
        Path png = dir.resolve("p.png");

        assertThat(ProgressChart.write("t", "val_loss", Direction.MINIMIZE, records, png)).isTrue();

        BufferedImage image = ImageIO.read(png.toFile());
        int onlyBaselineAndLegend = count(image, ProgressChart.KEPT.getRGB());
        assertThat(onlyBaselineAndLegend).isBetween(50, 250);
    }

    @Test
    void nothingToDrawBeforeTheBaseline() {
        assertThat(ProgressChart.write("t", "m", Direction.MINIMIZE, List.of(), dir.resolve("x.png"))).isFalse();
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    /** A longer, realistic session, to look at: target/chart-sample.png and target/chart-sample-max.png. */
    @Test
    void drawsALongSessionLegibly() throws Exception {
        Path target = Path.of("target");
        for (Direction direction : Direction.values()) {
            Random random = new Random(7);
            List<ExperimentRecord> records = new ArrayList<>();
            double best = direction == Direction.MINIMIZE ? 0.998 : 120;
            records.add(record(0, "baseline", Status.KEEP, best, 6000, ""));
            String[] names = {"LEARNING_RATE", "WARMUP_STEPS", "HIDDEN", "WEIGHT_DECAY", "DROPOUT", "BATCH_SIZE"};
            for (int n = 1; n <= 60; n++) {
                if (random.nextInt(12) == 0) {
                    records.add(record(n, names[n % names.length] + " crash", Status.CRASH, null, 2000, "exit 1"));
                    continue;
                }
                double step = (direction == Direction.MINIMIZE ? 0.03 : 4) * (random.nextGaussian() + 0.9 - n / 40.0);
                double value = direction == Direction.MINIMIZE ? best + step : best - step;
                boolean better = direction.isBetter(value, best);
                if (better) {
                    best = value;
                }
                String title = names[n % names.length] + " " + (n * 2) + " -> " + (n * 3);
                records.add(record(n, title, better ? Status.KEEP : Status.DISCARD, value, 6000, ""));
            }
            Path png = target.resolve(direction == Direction.MINIMIZE ? "chart-sample.png" : "chart-sample-max.png");
            assertThat(ProgressChart.write("nov28", direction == Direction.MINIMIZE ? "val_loss" : "tok_per_s",
                    direction, records, png)).isTrue();
            assertThat(count(ImageIO.read(png.toFile()), ProgressChart.KEPT.getRGB())).isGreaterThan(300);
        }
    }
}
