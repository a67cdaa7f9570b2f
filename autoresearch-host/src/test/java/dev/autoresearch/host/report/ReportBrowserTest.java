package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.autoresearch.host.report.Records.T0;
import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

/** The report as a user sees it: opened from a file in a real (headless) Chromium. */
class ReportBrowserTest {
    static HeadlessChromium browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** Copies the page alone to another folder, as a user sending it on does, and opens it there. */
    Path openCopy(SessionFiles files) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("copied")).resolve("report.html");
        Files.copy(HtmlReport.file(files), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browser.open(copy.toUri().toString());
        return copy;
    }

    String text(String selector) throws Exception {
        return browser.eval("document.querySelector('" + selector + "').textContent").asText();
    }

    int count(String selector) throws Exception {
        return browser.eval("document.querySelectorAll('" + selector + "').length").asInt();
    }

    /** The change as the page writes it: signed, one decimal, a real minus sign. */
    static String change(double value, double reference) {
        double c = (value - reference) / Math.abs(reference) * 100;
        return (c > 0 ? "+" : c < 0 ? "\u2212" : "\u00b1") + String.format(java.util.Locale.ROOT, "%.1f%%", Math.abs(c));
    }

    @Test
    void aRealSessionsPageShowsTheHeadlineEveryExperimentTheChartAndADiffOnClick() throws Exception {
        SessionFiles files = DemoSession.run(dir);
        assertThat(HtmlReport.file(files)).as("written by the listener during the run").isRegularFile();
        ResearchState state = Journal.read(files.journal()).state();
        List<ExperimentRecord> records = state.byNumber();
        List<ExperimentRecord> kept = records.stream().filter(r -> r.status() == Status.KEEP && !r.isBaseline()).toList();
        ExperimentRecord best = state.best().orElseThrow();
        assertThat(best.metric()).hasValue(6.4);

        openCopy(files);

        assertThat(text(".headline .what")).isEqualTo("score \u00b7 lower is better");
        assertThat(text(".headline .baseline")).isEqualTo("10");
        assertThat(text(".headline .best")).isEqualTo("6.4");
        assertThat(text(".headline .change")).isEqualTo("\u221236.0%");
        assertThat(text(".headline .sub")).isEqualTo("best: #" + best.experiment() + " \u201ctie embeddings\u201d");
        assertThat(count(".headline .confidence")).as("no confidence recorded, none shown").isZero();
        assertThat(count("#experiments tbody tr.row")).isEqualTo(records.size());
        for (ExperimentRecord r : records) {
            if (!r.isBaseline() && r.metric().isPresent()) {
                assertThat(text("#experiments tbody tr.row[data-n=\"" + r.experiment() + "\"] td:nth-child(5)"))
                        .as("#%d against the champion it was made on", r.experiment())
                        .isEqualTo(change(r.metric().getAsDouble(), state.bestBefore(r).getAsDouble()));
            }
        }
        assertThat(count("ol.kept li")).isEqualTo(kept.size());
        assertThat(text("ol.kept li:first-child .title")).isEqualTo(kept.get(0).hypothesis().title());

        double width = browser.eval("document.querySelector('#chart svg').getBoundingClientRect().width").asDouble();
        double height = browser.eval("document.querySelector('#chart svg').getBoundingClientRect().height").asDouble();
        assertThat(width).isGreaterThan(800);
        assertThat(height).isGreaterThan(250);
        assertThat(count("#chart .pt")).as("a mark per experiment, one without a metric a cross").isEqualTo(records.size());
        assertThat(count("#chart .pt.keep")).isEqualTo(kept.size() + 1);
        assertThat(count("#chart text.label")).isEqualTo(kept.size());
        assertThat(count("#timeline-card:not([hidden])")).as("one lane: no timeline").isZero();
        assertThat(count("#search-card:not([hidden])")).as("greedy: the kept changes are the tree's one line").isZero();
        assertThat(count("#experiments th[data-key=\"island\"]:not([hidden])")).isZero();
        ExperimentRecord other = records.stream().filter(r -> r.status() != Status.KEEP).findFirst().orElseThrow();
        browser.hover("#chart .pt[data-n=\"" + other.experiment() + "\"]");
        assertThat(browser.eval("!document.getElementById('tip').hidden").asBoolean()).isTrue();
        assertThat(text("#tip")).contains("#" + other.experiment() + " \u00b7 " + other.status().keyword(),
                other.hypothesis().title());

        int n = kept.get(1).experiment();
        String score = DemoSession.SCORES.get(n - 1);
        browser.click("#experiments tr.row[data-n=\"" + n + "\"]");
        browser.waitFor("document.querySelector('#experiments tr.detail[data-n=\"" + n + "\"] details.diff')");
        assertThat(count("details.diff pre")).as("folded until opened").isZero();
        browser.click("#experiments tr.detail[data-n=\"" + n + "\"] details.diff summary");
        browser.waitFor("document.querySelector('details.diff pre span.add')");
        String added = browser.eval("[...document.querySelectorAll('details.diff pre span.add')].map(s => s.textContent).join('\\n')").asText();
        assertThat(added).contains("+" + score, "+WARMUP_STEPS = " + (n * 50));
        String addColour = browser.eval("getComputedStyle(document.querySelector('details.diff pre span.add')).backgroundColor").asText();
        assertThat(addColour).isEqualTo("rgb(230, 255, 236)");
        browser.click("#experiments tr.detail[data-n=\"" + n + "\"] details.log summary");
        browser.waitFor("document.querySelector('details.log pre')");
        assertThat(text("details.log pre")).contains("score: " + score);

        byte[] png = browser.screenshot();
        Files.write(Path.of("target", "report-screenshot.png"), png);
        assertNotBlank(png);
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void theTableSortsAndFiltersByStatus() throws Exception {
        SessionFiles files = DemoSession.run(dir);
        List<ExperimentRecord> records = Journal.read(files.journal()).state().byNumber();
        openCopy(files);

        List<ExperimentRecord> kept = records.stream().filter(r -> r.status() == Status.KEEP && !r.isBaseline()).toList();
        assertThat(text("#filters button[data-status=\"keep\"]")).as("as the headline counts, without the baseline")
                .isEqualTo("keep (" + kept.size() + ")");
        browser.click("#filters button[data-status=\"keep\"]");
        assertThat(shownNumbers()).isEqualTo(numbers(kept));
        browser.click("#experiments th[data-key=\"metric\"]");
        assertThat(shownNumbers()).as("lowest first")
                .isEqualTo(numbers(kept.stream().sorted(java.util.Comparator.comparingDouble(r -> r.metric().getAsDouble())).toList()));
        browser.click("#experiments th[data-key=\"metric\"]");
        assertThat(shownNumbers()).as("highest first, a second click")
                .isEqualTo(numbers(kept.stream().sorted(java.util.Comparator.comparingDouble(r -> -r.metric().getAsDouble())).toList()));
        browser.click("#filters button[data-status=\"discard\"]");
        assertThat(count("#experiments tr.row")).isEqualTo((int) records.stream().filter(r -> r.status() == Status.DISCARD).count());
        assertThat(browser.eval("[...document.querySelectorAll('#experiments tr.row .badge')].every(b => b.textContent === 'discard')").asBoolean()).isTrue();
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void theTableGivesEachExperimentsReasonAndTheAxisEndsAtTheLastExperiment() throws Exception {
        SessionFiles files = DemoSession.run(dir);
        List<ExperimentRecord> records = Journal.read(files.journal()).state().byNumber();
        openCopy(files);

        assertThat(text("#experiments th[data-key=\"reason\"]")).isEqualTo("reason");
        for (ExperimentRecord r : records) {
            String first = r.reason().lines().findFirst().orElse("");
            assertThat(text("#experiments tr.row[data-n=\"" + r.experiment() + "\"] td.reason"))
                    .isEqualTo(first.length() <= 90 ? first : first.substring(0, 89) + "\u2026");
        }
        int last = records.get(records.size() - 1).experiment();
        double highestTick = browser.eval("Math.max(...[...document.querySelectorAll('#chart svg > text[text-anchor=\"middle\"]"
                + ":not(.axis-title)')].map(t => +t.textContent))").asDouble();
        assertThat(highestTick).as("the x axis' last number").isLessThanOrEqualTo(last);
        double axisEnd = browser.eval("(() => { const f = document.querySelector('#chart rect.frame');"
                + " return +f.getAttribute('x') + +f.getAttribute('width'); })()").asDouble();
        double lastDot = browser.eval("+document.querySelector('#chart .pt[data-n=\"" + last + "\"]')"
                + ".getAttribute('cx') || +document.querySelector('#chart .pt[data-n=\"" + last + "\"]').getAttribute('x')")
                .asDouble();
        double step = browser.eval("+document.querySelector('#chart .pt[data-n=\"1\"]').getAttribute('cx')"
                + " - +document.querySelector('#chart .pt[data-n=\"0\"]').getAttribute('cx')").asDouble();
        assertThat(axisEnd - lastDot).as("room after the last experiment, in steps").isLessThanOrEqualTo(step * 0.6);
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void onANarrowWindowTheChartsTextKeepsItsSize() throws Exception {
        SessionFiles files = DemoSession.run(dir);
        try {
            browser.resize(760);
            openCopy(files);

            double scale = browser.eval("(() => { const s = document.querySelector('#chart svg');"
                    + " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()").asDouble();
            assertThat(scale).as("drawn at the size it is shown, not scaled down").isBetween(0.98, 1.02);
            double label = browser.eval("document.querySelector('#chart text.label').getBoundingClientRect().height")
                    .asDouble();
            assertThat(label).as("a keep's label, in pixels").isGreaterThanOrEqualTo(10);
            assertThat(browser.exceptions()).isEmpty();
        } finally {
            browser.resize(1280);
        }
    }

    String shownNumbers() throws Exception {
        return browser.eval("[...document.querySelectorAll('#experiments tr.row')].map(r => r.dataset.n).join(',')").asText();
    }

    static String numbers(List<ExperimentRecord> records) {
        return String.join(",", records.stream().map(r -> Integer.toString(r.experiment())).toList());
    }

    @Test
    void aThousandExperimentsLoadWithinTheSizeLimitAndPaginate() throws Exception {
        SessionFiles files = Records.longSession(new SessionFiles(dir.resolve("long")), 1000, 1);
        HtmlReport report = new HtmlReport();
        long millis = 0;
        for (int i = 0; i < 4; i++) { // the last of several: as after every experiment of a long session
            long started = System.nanoTime();
            report.write(files);
            millis = (System.nanoTime() - started) / 1_000_000;
        }
        long size = Files.size(HtmlReport.file(files));
        System.out.printf("report.html for 1000 experiments: %,d bytes (limit %,d), rewritten in %d ms%n", size,
                ReportLimits.PAGE_BYTES, millis);
        assertThat(size).isLessThan(ReportLimits.PAGE_BYTES);

        openCopy(files);

        assertThat(count("#experiments tr.row")).isEqualTo(50);
        assertThat(text("#pager span")).contains("of 1001");
        assertThat(count("#chart .pt")).isEqualTo(1001);
        browser.click("#pager button:last-child");
        assertThat(browser.eval("document.querySelector('#experiments tr.row').dataset.n").asText()).isEqualTo("50");
        // The latest experiments carry their diff; the earliest discarded ones only say where it is.
        browser.click("#chart .pt.keep:last-of-type");
        browser.waitFor("document.querySelector('#experiments tr.detail details.diff')");
        assertThat(browser.eval("[...document.querySelectorAll('#experiments tr.detail')].length").asInt()).isEqualTo(1);
        byte[] png = browser.screenshot();
        Files.write(Path.of("target", "report-1000-screenshot.png"), png);
        assertNotBlank(png);
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void onANoisyMetricTheHeadlineShowsTheFinalGainWithItsInterval() throws Exception {
        SessionFiles files = Records.noisy(new SessionFiles(dir.resolve("noisy")));
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(text(".headline .change")).matches("-2\\.9% \\+/- 0\\.\\d+% at 95%");
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void aSessionWithoutAKeptExperimentSaysSo() throws Exception {
        SessionFiles files = Records.journal(new SessionFiles(dir.resolve("nokeep")), Direction.MAXIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 120.0, 60_000, ""),
                record(1, "bigger batch", Status.DISCARD, 118.5, 60_000, ""),
                record(2, "</script><script>document.title='owned'</script> <b>smaller</b> batch", Status.DISCARD, 101.0, 60_000, "")));
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(text(".headline .what")).isEqualTo("val_loss \u00b7 higher is better");
        assertThat(text(".headline .best")).isEqualTo("120");
        assertThat(text(".headline .sub")).isEqualTo("No change has beaten the baseline yet.");
        assertThat(text("#kept")).isEqualTo("No change beat the baseline: the branch is where it started.");
        assertThat(count("#experiments tr.row")).isEqualTo(3);
        assertThat(count("#chart .pt")).isEqualTo(3);
        assertThat(text("#experiments tr.row[data-n=\"2\"] td.title")).as("a title is text, never markup")
                .isEqualTo("</script><script>document.title='owned'</script> <b>smaller</b> batch");
        assertThat(browser.eval("document.title").asText()).isEqualTo("autoresearch nokeep");
        assertNotBlank(browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void aSessionOfCrashesOnlyShowsThemAlongTheBottom() throws Exception {
        List<ExperimentRecord> records = new ArrayList<>();
        records.add(record(0, "baseline", Status.KEEP, 1.0, 60_000, ""));
        for (int n = 1; n <= 4; n++) {
            records.add(record(n, "idea " + n, n == 4 ? Status.TIMEOUT : Status.CRASH, null, 60_000, "exit 1: boom"));
        }
        SessionFiles files = Records.journal(new SessionFiles(dir.resolve("crashes")), Direction.MINIMIZE, records);
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(count("#chart .pt.nometric")).isEqualTo(4);
        assertThat(count("#filters button")).as("all, crash, timeout: no keep after the baseline").isEqualTo(3);
        browser.click("#experiments tr.row[data-n=\"2\"]");
        assertThat(text("#experiments tr.detail")).contains("outcome: exit 1: boom", "log tail (none recorded)");
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void parallelLanesGetATimelineWithTheirIdleTime() throws Exception {
        SessionFiles files = Records.longSession(new SessionFiles(dir.resolve("lanes")), 30, 3);
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(count("#timeline-card:not([hidden])")).isEqualTo(1);
        assertThat(count("#timeline rect.bar")).isEqualTo(30);
        assertThat(browser.eval("[...document.querySelectorAll('#timeline text')].filter(t => /busy$/.test(t.textContent)).length").asInt())
                .isEqualTo(3);
        assertThat(text("#experiments tr.row[data-n=\"2\"] td:nth-child(2)")).isEqualTo("2");
        Files.write(Path.of("target", "report-lanes-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void aRealSessionOnTwoLanesShowsBothOnTheTimeline() throws Exception {
        SessionFiles files = DemoSession.run(dir, DemoSession.SCORES.subList(0, 6), 2);

        openCopy(files);

        assertThat(count("#timeline-card:not([hidden])")).isEqualTo(1);
        int recorded = dev.autoresearch.core.journal.Journal.read(files.journal()).records().size();
        assertThat(count("#timeline rect.bar")).as("a bar per experiment after the baseline").isEqualTo(recorded - 1);
        assertThat(browser.eval("[...new Set([...document.querySelectorAll('#experiments tr.row td:nth-child(2)')].map(t => t.textContent))].sort().join(',')").asText())
                .isEqualTo("1,2");
        assertThat(count("#experiments tr.row")).isEqualTo(recorded);
        Files.write(Path.of("target", "report-real-lanes-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void servedThePageReloadsItselfWhenTheJournalChangesKeepingWhatWasOpen() throws Exception {
        SessionFiles files = Records.journal(new SessionFiles(dir.resolve("live")), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 60_000, ""),
                record(1, "first idea", Status.DISCARD, 1.1, 60_000, "")));
        try (ReportServer server = ReportServer.start(files, new HtmlReport(), 0)) {
            browser.open(server.url());
            assertThat(count("#experiments tr.row")).isEqualTo(2);
            assertThat(text(".meta .live")).isEqualTo("live");
            browser.click("#experiments tr.row[data-n=\"1\"]");
            assertThat(count("#experiments tr.detail")).isEqualTo(1);

            try (Journal journal = Journal.open(files.journal())) {
                journal.append(record(2, "second idea", Status.KEEP, 0.9, 60_000, ""));
            }

            browser.waitFor("document.querySelectorAll('#experiments tr.row').length === 3");
            browser.waitFor("document.documentElement.getAttribute('data-ready') === 'true'");
            assertThat(text(".headline .best")).isEqualTo("0.9");
            assertThat(count("#experiments tr.detail[data-n=\"1\"]")).as("what was open stays open").isEqualTo(1);
            assertThat(browser.exceptions()).isEmpty();
        }
    }

    String numbersOf(String selector) throws Exception {
        return browser.eval("[...document.querySelectorAll('" + selector + "')].map(e => e.dataset.n).join(',')").asText();
    }

    @Test
    void aTreeSessionsPageShowsTheTreeWithTheChampionsLineageMarked() throws Exception {
        SessionFiles files = TreeSession.write(new SessionFiles(dir.resolve("tree")));
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(count("#search-card:not([hidden])")).isEqualTo(1);
        assertThat(numbersOf("#search li.node")).as("every kept change, the baseline first").isEqualTo("0,1,4,3,7");
        assertThat(numbersOf("#search li.lineage")).isEqualTo("0,3,7");
        assertThat(numbersOf("#search > ul.tree > li")).as("the first line is the lineage").isEqualTo("0,3,7");
        assertThat(numbersOf("#search li.champion")).isEqualTo("7");
        assertThat(text("#search li[data-n=\"7\"] > .line .mark")).isEqualTo("\u2605");
        assertThat(text("#search li[data-n=\"4\"] > .line .mark")).isEqualTo("\u2022");
        assertThat(browser.eval("getComputedStyle(document.querySelector('#search li.champion > .line')).backgroundColor")
                .asText()).as("the champion stands out").isEqualTo("rgb(218, 251, 225)");
        assertThat(browser.eval("document.querySelector('#search li[data-n=\"7\"]').parentElement"
                + " === document.querySelector('#search li[data-n=\"0\"]').parentElement").asBoolean())
                .as("the lineage goes on in line").isTrue();
        assertThat(browser.eval("document.querySelector('#search li[data-n=\"1\"]').parentElement.closest('li.node').dataset.n")
                .asText()).as("the other branch nests under the baseline").isEqualTo("0");
        assertThat(text("#search li[data-n=\"3\"] > .line")).contains("#3", "cosine schedule", "0.97", "1 tried from it");
        browser.click("#search li[data-n=\"4\"] > .line");
        assertThat(count("#experiments tr.detail[data-n=\"4\"]")).as("a node opens its row").isEqualTo(1);
        Files.write(Path.of("target", "report-tree-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    /** The lineage as the journal tells it: from the champion, each record's parent commit back to the baseline. */
    static String lineageFromParents(ResearchState state) {
        List<String> numbers = new ArrayList<>();
        ExperimentRecord at = state.best().orElseThrow();
        while (true) {
            numbers.add(0, Integer.toString(at.experiment()));
            if (at.isBaseline()) {
                return String.join(",", numbers);
            }
            String parent = at.parent();
            at = state.history().stream().filter(r -> r.commit().equals(parent)).findFirst().orElseThrow();
        }
    }

    @Test
    void aRealTreeSearchsPageMarksTheLineageTheJournalRecords() throws Exception {
        SessionFiles files = TreeSearchSession.run(dir, "search: tree", 30);
        ResearchState state = Journal.read(files.journal()).state();

        openCopy(files);

        assertThat(count("#search-card:not([hidden])")).as("the tree branched").isEqualTo(1);
        assertThat(numbersOf("#search li.lineage")).isEqualTo(lineageFromParents(state));
        assertThat(numbersOf("#search > ul.tree > li")).as("the first line is the lineage").isEqualTo(lineageFromParents(state));
        assertThat(numbersOf("#search li.champion")).isEqualTo(Integer.toString(state.best().orElseThrow().experiment()));
        assertThat(text(".headline .sub")).startsWith("best: #" + state.best().orElseThrow().experiment() + " ");
        assertThat(count("#search li.node")).as("the baseline, every keep, and the discards the tree went on from")
                .isEqualTo(SearchTree.of(state).nodes().size())
                .isGreaterThan((int) state.history().stream().filter(r -> r.status() == Status.KEEP).count());
        Files.write(Path.of("target", "report-real-tree-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void aRealIslandSearchsPageGivesEachIslandItsChampionAndEachRowItsIsland() throws Exception {
        SessionFiles files = TreeSearchSession.run(dir, "search: islands\nislands: 2\nmigrate-every: 5", 20);
        ResearchState state = Journal.read(files.journal()).state();

        openCopy(files);

        assertThat(count("#search .island-group")).isEqualTo(2);
        for (int island = 1; island <= 2; island++) {
            int i = island;
            ExperimentRecord champion = state.history().stream().filter(r -> r.status() == Status.KEEP && r.island() == i)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(text(".island-group[data-island=\"" + i + "\"] h3"))
                    .contains("best " + browser.eval("String(Number((" + champion.metric().getAsDouble()
                            + ").toPrecision(6)))").asText() + " (#" + champion.experiment() + ")");
        }
        assertThat(browser.eval("document.querySelector('.island-group.crowned').dataset.island").asText())
                .isEqualTo(Integer.toString(state.best().orElseThrow().island()));
        ExperimentRecord last = state.history().get(state.history().size() - 1);
        assertThat(text("#experiments tr.row[data-n=\"" + last.experiment() + "\"] td:nth-child(3)"))
                .isEqualTo(Integer.toString(last.island()));
        Files.write(Path.of("target", "report-real-islands-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void anIslandSessionsPageShowsAGroupPerIslandWithItsRunningBest() throws Exception {
        SessionFiles files = TreeSession.writeIslands(new SessionFiles(dir.resolve("islands")));
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(count("#search .island-group")).isEqualTo(2);
        assertThat(text(".island-group[data-island=\"1\"] h3")).contains("island 1", "best 0.925 (#7)", "4 experiments");
        assertThat(text(".island-group[data-island=\"1\"] .steps"))
                .isEqualTo("running best: #1 0.96 \u2192 #5 0.94 \u2192 #7 0.925");
        assertThat(text(".island-group[data-island=\"2\"] h3")).contains("island 2", "best 0.93 (#4)", "3 experiments");
        assertThat(browser.eval("document.querySelector('.island-group.crowned').dataset.island").asText()).isEqualTo("1");
        assertThat(numbersOf(".island-group[data-island=\"1\"] li.node")).isEqualTo("1,5,7");
        assertThat(numbersOf(".island-group[data-island=\"2\"] li.node")).isEqualTo("2,4");
        assertThat(numbersOf("#search li.lineage")).isEqualTo("0,1,5,7");
        assertThat(count("#experiments th[data-key=\"island\"]:not([hidden])")).isEqualTo(1);
        assertThat(text("#experiments tr.row[data-n=\"2\"] td:nth-child(3)")).isEqualTo("2");
        browser.hover("#chart .pt[data-n=\"6\"]");
        assertThat(text("#tip")).contains("higher peak rate", "island 2");
        Files.write(Path.of("target", "report-islands-screenshot.png"), browser.screenshot());
        assertThat(browser.exceptions()).isEmpty();
    }

    @Test
    void aLineageLongerThanTheSectionShowsItsLatestNodesAndSaysWhatItLeftOut() throws Exception {
        List<ExperimentRecord> records = new ArrayList<>();
        records.add(record(0, "baseline", Status.KEEP, 1.0, 60_000, "").withParent("base"));
        for (int n = 1; n <= 400; n++) {
            records.add(record(n, "step " + n, Status.KEEP, 1.0 - n * 0.001, 60_000, "")
                    .withParent(records.get(n - 1).commit()));
        }
        records.add(record(401, "side branch", Status.KEEP, 0.999, 60_000, "").withParent(records.get(0).commit())
                .toBuilder().champion(false).build());
        SessionFiles files = Records.branchingJournal(new SessionFiles(dir.resolve("deep")), Direction.MINIMIZE, records);
        new HtmlReport().write(files);

        openCopy(files);

        assertThat(count("#search li.node")).isEqualTo(SearchTreeModel.MAX_NODES);
        assertThat(count("#search li.lineage")).isEqualTo(SearchTreeModel.MAX_NODES);
        assertThat(text("#search li.gap")).isEqualTo("\u22ee 101 nodes of the lineage left out");
        assertThat(text("#search li[data-n=\"0\"] > .line .more")).as("#1 to #101 and the side branch")
                .isEqualTo("and 102 more nodes below");
        assertThat(numbersOf("#search li.champion")).isEqualTo("400");
        assertThat(text("#search > p.hint")).startsWith("Showing 300 of 402 nodes: ");
        assertThat(browser.exceptions()).isEmpty();
    }

    /** A page that drew: many colours and plenty of pixels that are not the background. */
    static void assertNotBlank(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
        Set<Integer> colours = new HashSet<>();
        int background = image.getRGB(image.getWidth() - 1, image.getHeight() - 1);
        long other = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) {
                    other++;
                }
            }
        }
        long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
        assertThat(colours.size()).isGreaterThan(50);
        assertThat(other).isGreaterThan(sampled / 5);
    }
}
