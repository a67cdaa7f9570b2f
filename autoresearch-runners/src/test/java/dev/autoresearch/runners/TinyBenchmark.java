package dev.autoresearch.runners;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** A benchmark small enough to run in a test, so that the JMH extractor reads a real result file. */
@State(Scope.Thread)
@Warmup(iterations = 1, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 100, timeUnit = TimeUnit.MILLISECONDS)
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

    /** One measurement iteration, so that JMH writes its score error as the string "NaN". */
    @Benchmark
    @Measurement(iterations = 1, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    public long once() {
        return sum();
    }
}
