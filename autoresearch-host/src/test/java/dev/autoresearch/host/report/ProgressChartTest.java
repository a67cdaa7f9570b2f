package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.autoresearch.core.AutoresearchException;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYDataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
        JournalContents journal = Journal.read(DemoSession.run(dir, List.of("8", "9", "5")).journal());
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

    static final List<ExperimentRecord> SESSION = List.of(
            record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
            record(1, "LR 0.01 -> 0.02", Status.KEEP, 0.9, 1000, ""),
            record(2, "LR 0.02 -> 0.04", Status.DISCARD, 0.95, 1000, ""),
            record(3, "HIDDEN 8 -> 16", Status.CRASH, null, 1000, "exit 1"),
            record(4, "MOMENTUM 0.5 -> 0.9", Status.KEEP, 0.8, 1000, ""));

    @Test
    void theRunningBestIsAStepLineAndEachKeptExperimentIsLabelledWithItsHypothesis() throws Exception {
        JFreeChart chart = ProgressChart.chart("t", "val_loss", Direction.MINIMIZE, ResearchState.of(SESSION));

        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getRenderer(1)).isInstanceOf(XYStepRenderer.class);
        assertThat(plot.getRenderer(1).getSeriesPaint(0)).isEqualTo(ProgressChart.BEST_LINE);
        XYDataset best = plot.getDataset(1);
        List<double[]> steps = new ArrayList<>();
        for (int i = 0; i < best.getItemCount(0); i++) {
            steps.add(new double[] {best.getXValue(0, i), best.getYValue(0, i)});
        }
        // The best so far as steps: a point where it changed, and the last experiment, where the line ends.
        assertThat(steps).containsExactly(new double[] {0, 1.0}, new double[] {1, 0.9}, new double[] {4, 0.8});
        List<XYTextAnnotation> labels = plot.getAnnotations().stream()
                .filter(XYTextAnnotation.class::isInstance).map(XYTextAnnotation.class::cast).toList();
        assertThat(labels).extracting(l -> l.getText().strip(), XYTextAnnotation::getX, XYTextAnnotation::getY)
                .containsExactly(tuple("LR 0.01 -> 0.02", 1.0, 0.9), tuple("MOMENTUM 0.5 -> 0.9", 4.0, 0.8));
        assertThat(labels).allSatisfy(l -> assertThat(l.getPaint()).isEqualTo(ProgressChart.LABEL));

        // And in the image: the step line's colour, and the labels' near the kept dots.
        BufferedImage image = ProgressChart.render("t", "val_loss", Direction.MINIMIZE, ResearchState.of(SESSION));
        assertThat(count(image, ProgressChart.BEST_LINE.getRGB())).isGreaterThan(500);
        assertThat(count(image, ProgressChart.LABEL.getRGB())).isGreaterThan(20);
        BufferedImage unlabelled = ProgressChart.render("t", "val_loss", Direction.MINIMIZE, ResearchState.of(SESSION.subList(0, 1)));
        assertThat(count(unlabelled, ProgressChart.LABEL.getRGB())).isLessThan(count(image, ProgressChart.LABEL.getRGB()));
    }

    @Test
    void concurrentWritersOfOneChartDoNotCollide() throws Exception {
        Path png = dir.resolve("session/progress.png");
        int writers = 3;
        int rounds = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        start.await(30, TimeUnit.SECONDS);
                        ProgressChart.write("t", "val_loss", Direction.MINIMIZE, SESSION, png);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(ProgressChart.WIDTH);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left").containsExactly("progress.png");
        }
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileAndSaysWhy() throws Exception {
        Path png = Files.createDirectories(dir.resolve("session/progress.png"));
        Files.writeString(png.resolve("in-the-way"), "x");

        assertThatThrownBy(() -> ProgressChart.write("t", "val_loss", Direction.MINIMIZE, SESSION, png))
                .isInstanceOf(AutoresearchException.class).isNotInstanceOf(ProgressChart.CannotRenderException.class)
                .hasMessageStartingWith("cannot write the chart " + png + ": ");
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("progress.png");
        }
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

    @Test
    void thirtyThousandDiscardsAreDrawnAsTheDotsAReaderCanTellApart() {
        List<ExperimentRecord> records = new ArrayList<>();
        records.add(record(0, "baseline", Status.KEEP, 1.0, 1000, ""));
        records.add(record(1, "LR 0.01 -> 0.02", Status.KEEP, 0.9, 1000, ""));
        for (int n = 2; n < 30_000; n++) {
            records.add(record(n, "try " + n, Status.DISCARD, n % 2 == 0 ? 1.05 : 1.06, 1000, ""));
        }
        records.add(record(30_000, "far worse", Status.DISCARD, 100.0, 1000, ""));

        JFreeChart chart = ProgressChart.chart("t", "val_loss", Direction.MINIMIZE, ResearchState.of(records));

        XYPlot plot = chart.getXYPlot();
        XYDataset dots = plot.getDataset(0);
        int discarded = dots.getItemCount(0);
        assertThat(discarded).as("at most one dot a pixel of each of the two values").isPositive()
                .isLessThanOrEqualTo(2 * (ProgressChart.WIDTH + 1));
        assertThat(plot.getRangeAxis().getRange().contains(1.05)).isTrue();
        assertThat(plot.getRangeAxis().getRange().contains(1.06)).isTrue();
        assertThat(plot.getRangeAxis().getRange().contains(100.0)).as("far worse than the best: off the chart").isFalse();
        double lastX = dots.getXValue(0, discarded - 1);
        assertThat(lastX).as("the latest discards are drawn").isGreaterThan(29_000);
        XYDataset best = plot.getDataset(1);
        assertThat(best.getItemCount(0)).as("two steps and the end").isEqualTo(3);
    }
}
