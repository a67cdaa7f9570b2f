package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the ideas ledger: an experiment of some session, what it tried and what came of it,
 * kept per repository so that later sessions know what was measured, from which code.
 *
 * @param session    the session's tag
 * @param experiment its number in that session
 * @param title      the hypothesis' title
 * @param hypothesis the hypothesis' rationale
 * @param change     what the change touched
 * @param status     its outcome
 * @param metric     the primary metric, when measured
 * @param delta      the metric against its parent's, when both were measured
 * @param confidence how sure a statistical keep rule was that it beat its parent
 * @param parent     the commit it was made on
 * @param parentTree the tree (the code) of that commit
 * @param commit     its own commit (the parent when it never became one)
 * @param tree       the tree it measured
 * @param reason     why it got its status (why it was discarded), empty for a plain keep
 * @param userIdea   the line of {@code ideas.md} it was offered to try, if any
 * @param recordedAt when its record was written
 */
public record Idea(String session, int experiment, String title, String hypothesis, ChangeSummary change,
                   Status status, OptionalDouble metric, OptionalDouble delta, OptionalDouble confidence,
                   String parent, String parentTree, String commit, String tree, String reason,
                   Optional<String> userIdea, Instant recordedAt) {
    public Idea {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(parentTree, "parentTree");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(userIdea, "userIdea");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Who it is across sessions: {@code <session>/<experiment>}. */
    public String id() {
        return session + "/" + experiment;
    }

    /** True when it made code that a run measured: a commit of its own, not a change refused before running. */
    public boolean measuredCode() {
        return !commit.equals(parent);
    }

    /** The idea as a novelty check compares it. */
    public IdeaText asText() {
        return new IdeaText(id(), hypothesis.isBlank() ? title : title + "\n" + hypothesis, change.diff());
    }

    /** This idea, marked as the try of {@code line} of {@code ideas.md}. */
    public Idea offered(String line) {
        return new Idea(session, experiment, title, hypothesis, change, status, metric, delta, confidence, parent,
                parentTree, commit, tree, reason, Optional.of(line), recordedAt);
    }

    /** This idea without its change's diff, for a memory that does not compare diffs. */
    public Idea withoutDiff() {
        ChangeSummary c = change;
        return new Idea(session, experiment, title, hypothesis, new ChangeSummary(c.words(), c.files(), c.names(),
                c.before(), ""), status, metric, delta, confidence, parent, parentTree, commit, tree, reason, userIdea,
                recordedAt);
    }

    /** Its outcome in words for a model: {@code discard, score 9.5 (+0.3 against its parent)}. */
    public String outcome() {
        StringBuilder sb = new StringBuilder(status.keyword());
        if (metric.isPresent()) {
            sb.append(", ").append(shortly(metric.getAsDouble()));
        }
        if (delta.isPresent()) {
            double d = delta.getAsDouble();
            sb.append(" (").append(d >= 0 ? "+" : "").append(shortly(d)).append(" against its parent)");
        }
        return sb.toString();
    }

    /** A value with at most six significant digits, as the prompt shows metrics. */
    static String shortly(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v == 0 ? "0" : Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
