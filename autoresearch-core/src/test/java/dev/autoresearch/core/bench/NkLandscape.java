package dev.autoresearch.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Kauffman's NK landscape over small-integer constants: a study whose truth has many local optima
 * and whose global optimum is known. Each of the {@code n} loci takes a value in {@code 0..q-1};
 * its contribution depends on its own value and those of {@code k} other loci, through a table of
 * uniform draws; the value of a configuration is the mean contribution, in [0, 1), to maximize.
 * The neighbours and the tables come from a {@link Random} seeded with the seed alone, so one seed
 * is one landscape. Immutable.
 */
final class NkLandscape {
    /** Enumeration visits q^n configurations: past this many it would no longer take well under a second. */
    private static final long MAX_CONFIGURATIONS = 1 << 22;

    private final int n;
    private final int k;
    private final int q;
    private final int[][] neighbours;
    private final double[][] tables;

    /** The best configuration and its value. */
    record Optimum(List<Integer> configuration, double value) {
    }

    private NkLandscape(int n, int k, int q, int[][] neighbours, double[][] tables) {
        this.n = n;
        this.k = k;
        this.q = q;
        this.neighbours = neighbours;
        this.tables = tables;
    }

    /**
     * A landscape of {@code n} loci of {@code q} values each, every locus depending on {@code k}
     * others drawn at random.
     *
     * @throws IllegalArgumentException when {@code k} is not below {@code n}, {@code q} is under 2, or
     *                                  q^n is too many configurations to enumerate
     */
    static NkLandscape random(int n, int k, int q, long seed) {
        if (n < 1 || k < 0 || k >= n || q < 2) {
            throw new IllegalArgumentException("an NK landscape needs n >= 1, 0 <= k < n and q >= 2; got n=" + n
                    + ", k=" + k + ", q=" + q);
        }
        if (Math.pow(q, n) > MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException(q + "^" + n + " configurations are too many to enumerate for the "
                    + "global optimum; at most " + MAX_CONFIGURATIONS + ": lower n or q");
        }
        Random random = new Random(seed);
        int[][] neighbours = new int[n][];
        double[][] tables = new double[n][];
        int entries = (int) Math.pow(q, k + 1);
        for (int i = 0; i < n; i++) {
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others.add(j);
                }
            }
            Collections.shuffle(others, random);
            neighbours[i] = others.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
            tables[i] = new double[entries];
            for (int e = 0; e < entries; e++) {
                tables[i][e] = random.nextDouble();
            }
        }
        return new NkLandscape(n, k, q, neighbours, tables);
    }

    int n() {
        return n;
    }

    int k() {
        return k;
    }

    /** How many values each locus takes: {@code 0..q-1}. */
    int q() {
        return q;
    }

    /**
     * The mean contribution of the loci at {@code configuration}.
     *
     * @throws IllegalArgumentException when it has not {@code n} values each in {@code 0..q-1}
     */
    double value(List<Integer> configuration) {
        if (configuration.size() != n) {
            throw new IllegalArgumentException("a configuration of this landscape has " + n + " values, not "
                    + configuration.size());
        }
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = configuration.get(i);
            if (x[i] < 0 || x[i] >= q) {
                throw new IllegalArgumentException("value " + x[i] + " of locus " + i + " is outside 0.." + (q - 1));
            }
        }
        return value(x);
    }

    private double value(int[] x) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int entry = x[i];
            for (int j : neighbours[i]) {
                entry = entry * q + x[j];
            }
            sum += tables[i][entry];
        }
        return sum / n;
    }

    /** The best of all q^n configurations, by enumeration; the first found of equal values. */
    Optimum globalOptimum() {
        int[] x = new int[n];
        int[] best = x.clone();
        double bestValue = value(x);
        while (next(x)) {
            double v = value(x);
            if (v > bestValue) {
                bestValue = v;
                best = x.clone();
            }
        }
        return new Optimum(Arrays.stream(best).boxed().toList(), bestValue);
    }

    /** Counts {@code x} up by one in base q; false once it has wrapped round to all zeros. */
    private boolean next(int[] x) {
        for (int i = n - 1; i >= 0; i--) {
            if (++x[i] < q) {
                return true;
            }
            x[i] = 0;
        }
        return false;
    }

    @Override
    public String toString() {
        return "NK landscape n=" + n + " k=" + k + " q=" + q;
    }
}
