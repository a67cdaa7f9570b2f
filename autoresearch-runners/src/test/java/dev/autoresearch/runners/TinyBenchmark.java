package dev.autoresearch.runners;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A benchmark small enough to run in a test, so that the JMH extractor reads a real result file. */
@State(Scope.Thread)
public class TinyBenchmark {
    @Param({"10", "1000"})
    public int size;

    @Benchmark
    public long sum() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += i;
        }
        return sum;
    }
}
