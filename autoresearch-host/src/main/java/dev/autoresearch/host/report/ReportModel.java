package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.RecordedOrder;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.host.RecordedKeep;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The data the page draws from, as JSON: the headline (with the final gain's interval when the
 * session measured the noise), the search when it branched ({@link SearchTreeModel}), one entry per
 * experiment (with its change against the best before it) and, within a size budget, each
 * experiment's diff and log tail.
 */
final class ReportModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEXT_CAP = 1_000;
    /** The earliest experiments other than keeps shown even in a long session: how it began. */
    private static final int FIRST_ROWS = 100;
    /** The bytes of {@code "omitted":true,}, which a row may get once its files are weighed. */
    private static final int OMITTED_MARK = 16;

    private final ReportLimits limits;
    private final EmbeddedTexts texts;

    ReportModel(ReportLimits limits, EmbeddedTexts texts) {
        this.limits = limits;
        this.texts = texts;
    }

    /**
     * The page's data for {@code journal}, whose files (patches, logs) are in {@code files}, and
     * {@code state}, the state of its records.
     */
    ObjectNode build(SessionFiles files, JournalContents journal, ResearchState state, String version,
                     Instant generatedAt) {
        JournalHeader h = journal.header().orElseThrow(() -> new IllegalArgumentException("the journal has no header"));
        // One order with the command and results.tsv: the order recorded (lanes finish out of order),
        // each measured against the champion it was made on, with the running best once it was written.
        List<ExperimentRecord> records = state.history();
        Map<Integer, RecordedOrder.Entry> order = new java.util.HashMap<>();
        RecordedOrder.of(state, h.direction()).forEach(e -> order.put(e.record().experiment(), e));
        ObjectNode root = JSON.createObjectNode();
        root.put("tag", h.tag());
        root.put("metric", h.metric());
        root.put("direction", h.direction().name().toLowerCase(java.util.Locale.ROOT));
        root.put("version", version);
        root.put("generatedAt", generatedAt.toString());
        root.put("startedAt", h.startedAt().toEpochMilli());
        root.set("headline", headline(state, records, RecordedKeep.of(files, h, state).finalGain(state, h)));
        // The search's section is bounded; the rows give up what it takes, so that the page keeps its size.
        Optional<ObjectNode> search = SearchTreeModel.of(SearchTree.of(state), h.direction());
        search.ifPresent(s -> root.set("search", s));
        long rowBudget = limits.rowBytes() - search.map(ReportModel::pageBytes).orElse(0L);
        Map<Integer, ObjectNode> rows = shownRows(records, state, order, rowBudget);
        root.put("rowsOmitted", records.size() - rows.size());
        ArrayNode experiments = root.putArray("experiments");
        rows.values().forEach(experiments::add);
        embedFiles(files, records.stream().filter(r -> rows.containsKey(r.experiment())).toList(), rows);
        return root;
    }

    /**
     * The records whose rows fit {@code budget} (what {@link ReportLimits#rowBytes()} leaves the table),
     * by number: the baseline, the kept ones (the latest first when even they do not all fit), the first
     * {@link #FIRST_ROWS} others, then the latest others down to the first that does not fit. The others
     * are counted on the page and are in results.tsv and the journal. Only the rows shown (and the kept
     * ones) are built: a page of a hundred thousand experiments costs what its rows cost.
     */
    private Map<Integer, ObjectNode> shownRows(List<ExperimentRecord> records, ResearchState state,
                                               Map<Integer, RecordedOrder.Entry> recorded, long budget) {
        List<ExperimentRecord> priority = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            ExperimentRecord r = records.get(i);
            if (r.isBaseline()) {
                priority.add(0, r);
            } else if (r.status() == Status.KEEP) {
                priority.add(r);
            } else {
                others.add(i);
            }
        }
        int first = Math.min(FIRST_ROWS, others.size());
        for (int i : others.subList(others.size() - first, others.size())) {
            priority.add(records.get(i));
        }
        long[] left = {budget};
        Map<Integer, ObjectNode> fits = new java.util.HashMap<>();
        for (ExperimentRecord r : priority) {
            fit(r, state, recorded, left, fits);
        }
        for (int i : others.subList(0, others.size() - first)) {
            if (!fit(records.get(i), state, recorded, left, fits)) {
                break;
            }
        }
        Map<Integer, ObjectNode> shown = new LinkedHashMap<>();
        for (ExperimentRecord r : records) {
            if (fits.containsKey(r.experiment())) {
                shown.put(r.experiment(), fits.get(r.experiment()));
            }
        }
        return shown;
    }

    /** Adds {@code r}'s row to {@code fits} when it fits what is {@code left} of the budget, and says whether it did. */
    private boolean fit(ExperimentRecord r, ResearchState state, Map<Integer, RecordedOrder.Entry> recorded,
                        long[] left, Map<Integer, ObjectNode> fits) {
        ObjectNode row = experiment(r, state.bestBefore(r), recorded.get(r.experiment()));
        long size = pageBytes(row);
        if (size > left[0]) {
            return false;
        }
        left[0] -= size;
        fits.put(r.experiment(), row);
        return true;
    }

    /** What a row adds to the page: its JSON in UTF-8, each '<' written as a six-character escape, a comma. */
    private static long pageBytes(ObjectNode row) {
        String json = row.toString();
        long angles = json.chars().filter(c -> c == '<').count();
        return json.getBytes(StandardCharsets.UTF_8).length + 5 * angles + 1 + OMITTED_MARK;
    }

    /** The headline; {@code finalGain} shown with its interval when it has one ({@code -2.8% +/- 0.4% at 95%}). */
    private ObjectNode headline(ResearchState state, List<ExperimentRecord> records, Optional<Evidence> finalGain) {
        ObjectNode n = JSON.createObjectNode();
        OptionalDouble baseline = state.baseline().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
        OptionalDouble best = state.best().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
        putMetric(n, "baseline", baseline);
        putMetric(n, "best", best);
        if (baseline.isPresent() && best.isPresent()) {
            putMetric(n, "change", ReportNumbers.change(best.getAsDouble(), baseline.getAsDouble()));
        }
        Optional<String> gain = ReportNumbers.withInterval(finalGain);
        if (gain.isPresent()) {
            n.put("gain", gain.get());
        } else {
            n.putNull("gain");
        }
        state.best().ifPresent(r -> n.put("bestExperiment", r.experiment()));
        Optional<String> confidence = confidence(state);
        if (confidence.isPresent()) {
            n.put("confidence", confidence.get());
        } else {
            n.putNull("confidence");
        }
        ObjectNode counts = n.putObject("counts");
        for (Status s : Status.values()) {
            long c = records.stream().skip(1).filter(r -> r.status() == s).count();
            if (c > 0) {
                counts.put(s.keyword(), c);
            }
        }
        n.put("experiments", Math.max(0, records.size() - 1));
        int lanes = records.stream().mapToInt(ExperimentRecord::lane).max().orElse(1);
        // One lane: the time the session was at work (the page calls it run time), overlapping spans counted
        // once, since a proposal is made while the run before it goes on. Several: experiment time, the lanes' sum.
        n.put("activeTime", Durations.format(lanes > 1
                ? records.stream().map(ExperimentRecord::duration).reduce(Duration.ZERO, Duration::plus)
                : state.activeTime()));
        Instant first = records.stream().map(ExperimentRecord::startedAt).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant end = records.stream().map(r -> r.startedAt().plus(r.duration())).max(Instant::compareTo).orElse(first);
        n.put("elapsed", Durations.format(Duration.between(first, end)));
        n.put("tokens", records.stream().mapToLong(r -> r.usage().total()).sum());
        n.put("lanes", lanes);
        return n;
    }

    /**
     * How sure the keep rule was when it kept the best: the confidence its test reached against the
     * champion before it. Empty when the best is the baseline or a rule without a test kept it (a
     * deterministic metric, the greedy rule): none is invented. The champion's, not the last keep's: a
     * kept node of a tree that was not crowned says nothing of the best.
     */
    static Optional<String> confidence(ResearchState state) {
        return state.best().filter(b -> !b.isBaseline() && b.confidence().isPresent())
                .map(b -> String.format(java.util.Locale.ROOT, "%.1f%% that #%d beat the champion before it",
                        100 * b.confidence().getAsDouble(), b.experiment()));
    }

    private ObjectNode experiment(ExperimentRecord r, OptionalDouble bestBefore, RecordedOrder.Entry recorded) {
        ObjectNode n = JSON.createObjectNode();
        n.put("n", r.experiment());
        n.put("seq", recorded.position());
        putMetric(n, "best", recorded.runningBest());
        if (recorded.supersededWin()) {
            n.put("superseded", true);
        }
        n.put("lane", r.lane());
        if (r.island() > 0) {
            n.put("island", r.island());
        }
        n.put("status", r.status().keyword());
        putMetric(n, "metric", r.metric());
        if (r.metric().isPresent() && bestBefore.isPresent() && !r.isBaseline()) {
            putMetric(n, "change", ReportNumbers.change(r.metric().getAsDouble(), bestBefore.getAsDouble()));
        }
        n.put("start", r.startedAt().toEpochMilli());
        n.put("duration", r.duration().toMillis());
        n.put("tokens", r.usage().total());
        n.put("title", r.hypothesis().title());
        n.put("rationale", ReportNumbers.truncate(r.hypothesis().rationale().strip(), TEXT_CAP));
        n.put("reason", ReportNumbers.truncate(r.reason().strip(), TEXT_CAP));
        n.put("commit", r.commit().length() > 10 ? r.commit().substring(0, 10) : r.commit());
        n.put("strategy", r.strategy());
        n.put("diffFile", "patches/" + r.experiment() + ".diff");
        n.put("logFile", r.log());
        return n;
    }

    /**
     * Adds the diffs and log tails while they fit the page's budget: the kept experiments first
     * (what a user reviews), then the latest ones; the others say where their files are.
     */
    private void embedFiles(SessionFiles files, List<ExperimentRecord> records, Map<Integer, ObjectNode> rows) {
        List<ExperimentRecord> order = new ArrayList<>(records);
        order.sort(Comparator.comparing((ExperimentRecord r) -> r.status() != Status.KEEP)
                .thenComparing(Comparator.comparingInt(ExperimentRecord::experiment).reversed()));
        long budget = limits.embeddedBytes();
        for (ExperimentRecord r : order) {
            ObjectNode row = rows.get(r.experiment());
            Optional<EmbeddedText> diff = r.isBaseline() ? Optional.empty()
                    : texts.head(files.patch(r.experiment()), limits.diffBytes());
            Optional<EmbeddedText> log = texts.tail(files.directory().resolve(r.log()), limits.logBytes());
            long size = diff.map(d -> d.gzipBase64().length()).orElse(0)
                    + log.map(l -> l.gzipBase64().length()).orElse(0);
            if (size > budget) {
                row.put("omitted", true);
                continue;
            }
            budget -= size;
            diff.ifPresent(d -> row.set("diff", text(d)));
            log.ifPresent(l -> row.set("log", text(l)));
        }
    }

    private static ObjectNode text(EmbeddedText t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gz", t.gzipBase64());
        n.put("shown", t.shownBytes());
        n.put("size", t.fileBytes());
        return n;
    }

    static void putMetric(ObjectNode n, String field, OptionalDouble value) {
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            n.put(field, value.getAsDouble());
        } else {
            n.putNull(field);
        }
    }
}
