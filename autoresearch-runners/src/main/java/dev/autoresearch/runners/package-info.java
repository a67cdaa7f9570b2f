/**
 * Runs experiments as child processes and reads their metrics: {@link dev.autoresearch.runners.ProcessRunner}
 * (process-tree timeouts, bounded logs, GPU device ids) and {@link dev.autoresearch.runners.MetricExtractors}
 * (summary lines, {@code METRIC} lines, regular expressions, JSON, JMH results).
 */
package dev.autoresearch.runners;
