package dev.autoresearch.host.report;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.RecordedOrder;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.host.Format;
import dev.autoresearch.host.Summary;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The session's progress chart, {@code progress.png}, in the manner of Karpathy's: every experiment
 * with a metric as a dot (grey when not kept, larger and green when kept), the running best as a
 * step line, and each kept experiment labelled with its hypothesis. Experiments without a metric
 * (crashes, timeouts, invalid changes) are counted in the subtitle, not drawn. Drawn with JFreeChart,
 * headless.
 */
public final class ProgressChart {
    /** The image size in pixels. */
    public static final int WIDTH = 1400;
    public static final int HEIGHT = 700;

    /** The colour of a kept experiment's dot. */
    public static final Color KEPT = new Color(0, 158, 73);
    /** The colour of a discarded experiment's dot. */
    public static final Color OTHER = new Color(150, 150, 150);
    /** The colour of the running best's step line. */
    public static final Color BEST_LINE = new Color(0, 110, 50);
    /** The colour of the labels of kept experiments. */
    public static final Color LABEL = new Color(40, 40, 40);
    private static final int LABEL_LENGTH = 36;

    static {
        // Before any AWT class loads: no display is needed or wanted.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ProgressChart() {
    }

    /**
     * Draws the chart of a journal into {@code png} (replaced atomically).
     *
     * @return false when there is nothing to draw yet (no header or no baseline metric)
     * @throws AutoresearchException when the image cannot be written
     */
    public static boolean write(JournalContents journal, Path png) {
        if (journal.header().isEmpty()) {
            return false;
        }
        return write(journal, ResearchState.of(journal.records()), png);
    }

    /** Draws the chart of a journal whose records' state is {@code state}, as {@link #write(JournalContents, Path)}. */
    static boolean write(JournalContents journal, ResearchState state, Path png) {
        if (journal.header().isEmpty()) {
            return false;
        }
        JournalHeader h = journal.header().get();
        return write(h.tag(), h.metric(), h.direction(), state, png);
    }

    /**
     * Draws the chart of {@code records} (a session's history, baseline first) into {@code png}.
     *
     * @return false when there is nothing to draw yet (no record has a metric)
     * @throws CannotRenderException when this Java runtime cannot draw
     * @throws AutoresearchException when the image cannot be written
     */
    public static boolean write(String tag, String metric, Direction direction, List<ExperimentRecord> records,
                                Path png) {
        return write(tag, metric, direction, ResearchState.of(records), png);
    }

    private static boolean write(String tag, String metric, Direction direction, ResearchState state, Path png) {
        Objects.requireNonNull(png, "png");
        List<ExperimentRecord> records = state.history();
        if (records.stream().noneMatch(r -> r.metric().isPresent())) {
            return false;
        }
        BufferedImage image;
        try {
            image = render(tag, metric, direction, state);
        } catch (LinkageError | InternalError | AWTError e) {
            // A Java runtime without its graphics libraries or any font (a bare container, say).
            throw new CannotRenderException("cannot draw the chart " + png + ": this Java runtime cannot render "
                    + "text (" + e + "); install a font package such as fontconfig with DejaVu fonts", e);
        }
        AtomicFiles.replace(png, "the chart", tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
        return true;
    }

    /**
     * This Java runtime cannot draw at all (no graphics libraries, no font): trying again will not
     * help, unlike a failed write.
     */
    public static final class CannotRenderException extends AutoresearchException {
        private static final long serialVersionUID = 1L;

        CannotRenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Renders the chart as an image of {@link #WIDTH} by {@link #HEIGHT}. */
    static BufferedImage render(String tag, String metric, Direction direction, ResearchState state) {
        return chart(tag, metric, direction, state).createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    /** The chart as JFreeChart's model: the dots (dataset 0), the running best (dataset 1) and the labels. */
    static JFreeChart chart(String tag, String metric, Direction direction, ResearchState state) {
        List<ExperimentRecord> records = state.history();
        XYSeries other = new XYSeries("discarded", false, true);
        XYSeries kept = new XYSeries("kept", false, true);
        XYSeries superseded = new XYSeries("superseded (beat its parent)", false, true);
        XYSeries best = new XYSeries("running best", false, true);
        int unmeasured = 0;
        // In the order recorded, as the command and results.tsv tell it (lanes finish out of order);
        // the running best is the champion once each record was written.
        List<RecordedOrder.Entry> order = RecordedOrder.of(state, direction);
        List<double[]> discarded = new ArrayList<>();
        double lastBest = Double.NaN;
        for (RecordedOrder.Entry e : order) {
            ExperimentRecord r = e.record();
            if (r.metric().isEmpty()) {
                unmeasured++;
            } else if (r.status() == Status.KEEP) {
                kept.add(e.position(), r.metric().getAsDouble());
            } else if (e.supersededWin()) {
                superseded.add(e.position(), r.metric().getAsDouble());
            } else {
                discarded.add(new double[] {e.position(), r.metric().getAsDouble()});
            }
            // A step line needs only the steps, and the last point to run on to the end.
            if (e.runningBest().isPresent()
                    && (e.runningBest().getAsDouble() != lastBest || e == order.get(order.size() - 1))) {
                lastBest = e.runningBest().getAsDouble();
                best.add(e.position(), lastBest);
            }
        }

        XYSeriesCollection dots = new XYSeriesCollection();
        dots.addSeries(other);
        dots.addSeries(kept);
        if (superseded.getItemCount() > 0) {
            dots.addSeries(superseded); // in the legend only when there is one
        }
        XYLineAndShapeRenderer dotRenderer = new XYLineAndShapeRenderer(false, true);
        dotRenderer.setSeriesPaint(0, OTHER);
        dotRenderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        dotRenderer.setSeriesPaint(1, KEPT);
        dotRenderer.setSeriesShape(1, new Ellipse2D.Double(-6, -6, 12, 12));
        // A ring: it beat the parent it was measured on, and lost only its place to another lane's keep.
        dotRenderer.setSeriesPaint(2, KEPT);
        dotRenderer.setSeriesShape(2, new Ellipse2D.Double(-5, -5, 10, 10));
        dotRenderer.setSeriesShapesFilled(2, false);
        dotRenderer.setSeriesOutlineStroke(2, new BasicStroke(2f));
        dotRenderer.setUseOutlinePaint(false);
        dotRenderer.setDrawOutlines(true);

        XYStepRenderer stepRenderer = new XYStepRenderer();
        stepRenderer.setSeriesPaint(0, BEST_LINE);
        stepRenderer.setSeriesStroke(0, new BasicStroke(2f));
        stepRenderer.setDefaultShapesVisible(false);

        NumberAxis x = new NumberAxis("experiments, in the order recorded");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // Room on the right for the labels of the latest keeps, which run towards the right.
        int last = order.isEmpty() ? 0 : order.get(order.size() - 1).position();
        x.setRange(-0.8, Math.max(5, last) * 1.13 + 1);
        NumberAxis y = new NumberAxis(metric + (direction == Direction.MINIMIZE ? " (lower is better)" : " (higher is better)"));
        y.setAutoRangeIncludesZero(false);
        range(direction, kept, discarded, y);
        // Added quietly, then told once: the series is in the dataset already, which would recount at each dot.
        drawn(discarded, x, y, kept.getItemCount() > 0).forEach(p -> other.add(p[0], p[1], false));
        other.fireSeriesChanged();

        // The dots are dataset 0 and drawn last (on top of the step line).
        XYPlot plot = new XYPlot(dots, x, y, dotRenderer);
        plot.setDataset(1, new XYSeriesCollection(best));
        plot.setRenderer(1, stepRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));

        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        // Labels run diagonally away from the line: up-right when lower is better (later bests are
        // lower), down-right when higher is better.
        double angle = direction == Direction.MINIMIZE ? -Math.PI / 5 : Math.PI / 5;
        for (RecordedOrder.Entry e : order) {
            ExperimentRecord r = e.record();
            if (r.status() == Status.KEEP && r.metric().isPresent() && !r.isBaseline()) {
                XYTextAnnotation label = new XYTextAnnotation("    " + ReportNumbers.truncate(r.hypothesis().title(), LABEL_LENGTH),
                        e.position(), r.metric().getAsDouble());
                label.setFont(labelFont);
                label.setPaint(LABEL);
                label.setTextAnchor(TextAnchor.HALF_ASCENT_LEFT);
                label.setRotationAnchor(TextAnchor.HALF_ASCENT_LEFT);
                label.setRotationAngle(angle);
                plot.addAnnotation(label);
            }
        }

        JFreeChart chart = new JFreeChart(title(tag, metric, state), new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.addSubtitle(new TextTitle(subtitle(records, kept.getItemCount(), unmeasured),
                new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        chart.setPadding(new RectangleInsets(8, 8, 8, 24));
        return chart;
    }

    private static String title(String tag, String metric, ResearchState state) {
        OptionalDouble baseline = state.baseline().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
        OptionalDouble best = state.best().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
        return "autoresearch " + tag + ": " + ReportNumbers.improvementLine(metric, baseline, best);
    }

    private static String subtitle(List<ExperimentRecord> records, int keptDots, int unmeasured) {
        int experiments = Math.max(0, records.size() - 1);
        String s = String.format(Locale.ROOT, "%d experiments after the baseline, %d kept", experiments,
                Math.max(0, keptDots - 1));
        if (unmeasured > 0) {
            s += String.format(Locale.ROOT, "; %d without a metric (crash, timeout, invalid) not shown", unmeasured);
        }
        return s;
    }

    /**
     * The discarded dots worth drawing: those inside the chart's range, one for each cell of a
     * pixel's size (a second dot on the same pixel changes nothing a reader sees). A session of a
     * hundred thousand experiments is drawn at the cost of the dots one can tell apart.
     */
    private static List<double[]> drawn(List<double[]> discarded, NumberAxis x, NumberAxis y, boolean ranged) {
        if (!ranged) {
            return discarded; // the axis fits itself to every dot
        }
        double xLo = x.getLowerBound();
        double xSpan = x.getUpperBound() - xLo;
        double yLo = y.getLowerBound();
        double ySpan = y.getUpperBound() - yLo;
        java.util.Set<Long> cells = new java.util.HashSet<>();
        List<double[]> drawn = new ArrayList<>();
        for (double[] p : discarded) {
            if (p[1] < yLo || p[1] > yLo + ySpan) {
                continue;
            }
            long column = (long) ((p[0] - xLo) / xSpan * WIDTH);
            long row = (long) ((p[1] - yLo) / ySpan * HEIGHT);
            if (cells.add(column * (HEIGHT + 1) + row)) {
                drawn.add(p);
            }
        }
        return drawn;
    }

    /**
     * A vertical range that shows the baseline, every best and the discarded results near them, with
     * room for the labels; a discarded result far worse than the baseline falls outside, as in
     * Karpathy's chart, rather than squashing the progress into a line.
     */
    private static void range(Direction direction, XYSeries kept, List<double[]> other, NumberAxis y) {
        if (kept.getItemCount() == 0) {
            return;
        }
        double lo = kept.getMinY();
        double hi = kept.getMaxY();
        double span = hi - lo;
        if (span <= 0) {
            span = Math.max(Math.abs(hi) * 0.05, 1e-9);
        }
        double worseLimit = span * 1.5;
        double lower = lo;
        double upper = hi;
        for (double[] point : other) {
            double v = point[1];
            if (direction == Direction.MINIMIZE) {
                lower = Math.min(lower, v);
                if (v <= hi + worseLimit) {
                    upper = Math.max(upper, v);
                }
            } else {
                upper = Math.max(upper, v);
                if (v >= lo - worseLimit) {
                    lower = Math.min(lower, v);
                }
            }
        }
        double extent = Math.max(upper - lower, span);
        double margin = extent * 0.06;
        double labelRoom = extent * 0.35;
        if (direction == Direction.MINIMIZE) {
            y.setRange(lower - margin, upper + labelRoom);
        } else {
            y.setRange(lower - labelRoom, upper + margin);
        }
    }
}
