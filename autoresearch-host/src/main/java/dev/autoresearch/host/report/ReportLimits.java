package dev.autoresearch.host.report;

/**
 * How much of a session's files the HTML report carries, so that a page for a thousand experiments
 * stays a few megabytes: each diff is cut after {@code diffBytes}, each log to its last
 * {@code logBytes}, and the compressed diffs and logs together stop at {@code embeddedBytes}
 * (kept experiments first, then the latest); what is left out is named on the page. The rows of
 * the table stop at {@link #rowBytes()} (the kept experiments, the first ones and the latest), so
 * that the page holds its size at a hundred thousand experiments too.
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

    /** What the page's template, style, script and headline take at most, beside the rows and the embedded files. */
    private static final long FRAME_BYTES = 150_000;
    /** The rows a page keeps whatever the other limits: at least the kept experiments of a usual session. */
    private static final long MIN_ROW_BYTES = 500_000;

    /**
     * The most bytes the table's rows take on the page: what {@link #PAGE_BYTES} leaves beside the
     * embedded files and the page's frame (2.35 MB with the defaults, some eight thousand rows).
     */
    public long rowBytes() {
        return Math.max(MIN_ROW_BYTES, PAGE_BYTES - embeddedBytes - FRAME_BYTES);
    }

    public ReportLimits {
        if (diffBytes < 1 || logBytes < 1 || embeddedBytes < 0) {
            throw new IllegalArgumentException("report limits must be positive, got diffBytes=" + diffBytes
                    + " logBytes=" + logBytes + " embeddedBytes=" + embeddedBytes);
        }
    }
}
