package dev.autoresearch.host.report;

/**
 * How much of a session's files the HTML report carries, so that a page for a thousand experiments
 * stays a few megabytes: each diff is cut after {@code diffBytes}, each log to its last
 * {@code logBytes}, and the compressed diffs and logs together stop at {@code embeddedBytes}
 * (kept experiments first, then the latest); what is left out is named on the page.
 *
 * @param diffBytes     the most bytes of one diff shown
 * @param logBytes      the most bytes of one log's tail shown
 * @param embeddedBytes the most bytes of compressed diffs and logs in one page
 */
public record ReportLimits(int diffBytes, int logBytes, long embeddedBytes) {
    /** 64 KiB of each diff, 8 KiB of each log's tail, 2.5 MB of them in all: a page under {@link #PAGE_BYTES}. */
    public static final ReportLimits DEFAULT = new ReportLimits(64 * 1024, 8 * 1024, 2_500_000);

    /** The size a page stays under with the default limits, even for thousands of experiments. */
    public static final long PAGE_BYTES = 5_000_000;

    public ReportLimits {
        if (diffBytes < 1 || logBytes < 1 || embeddedBytes < 0) {
            throw new IllegalArgumentException("report limits must be positive, got diffBytes=" + diffBytes
                    + " logBytes=" + logBytes + " embeddedBytes=" + embeddedBytes);
        }
    }
}
