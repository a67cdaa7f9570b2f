package dev.autoresearch.core;

import java.util.Locale;

/** The outcome of one experiment, as recorded in the journal and results.tsv. */
public enum Status {
    /** The metric improved (and checks passed): the branch advanced to this commit. */
    KEEP,
    /** The experiment ran but did not improve the metric, or broke a constraint. */
    DISCARD,
    /** Non-zero exit, or the primary metric was missing or not finite. */
    CRASH,
    /** The run exceeded its timeout and its process tree was stopped. */
    TIMEOUT,
    /** The metric improved but the {@code checks} command failed. */
    CHECKS_FAILED,
    /** The change touched a file outside {@code editable}, changed a readonly file, or could not be applied. */
    INVALID;

    /** The lower-case name used in files: {@code keep}, {@code checks_failed}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #keyword()}. */
    public static Status parse(String keyword) {
        return valueOf(keyword.trim().toUpperCase(Locale.ROOT));
    }

    /** True for the outcomes that count towards a crash streak: crash, invalid and timeout. */
    public boolean isFailure() {
        return this == CRASH || this == INVALID || this == TIMEOUT;
    }
}
