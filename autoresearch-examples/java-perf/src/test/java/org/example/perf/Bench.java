package org.example.perf;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Locale;
import java.util.Map;

/**
 * Runs JMH with the given command line (as JMH's own main does, result file included) and then
 * prints each score as a {@code METRIC name=value} line, named as in the JSON result file:
 * {@code RenderBenchmark.renderPage} for the time per operation and
 * {@code RenderBenchmark.renderPage/gc.alloc.rate.norm} for the bytes allocated per operation.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        for (RunResult run : new Runner(new CommandLineOptions(args)).run()) {
            String label = run.getParams().getBenchmark();
            String name = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
            print(name, run.getPrimaryResult());
            for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
                String key = secondary.getKey().startsWith("\u00b7") ? secondary.getKey().substring(1) : secondary.getKey();
                print(name + "/" + key, secondary.getValue());
            }
        }
    }

    private static void print(String name, Result result) {
        System.out.printf(Locale.ROOT, "METRIC %s=%.4f%n", name, result.getScore());
    }
}
