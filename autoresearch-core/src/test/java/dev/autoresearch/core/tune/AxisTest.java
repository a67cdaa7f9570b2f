package dev.autoresearch.core.tune;

import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.TunedParameter.Scale;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AxisTest {

    @Test
    void everyPrintedValueReadsBackAsItsGridPointAndStaysInRange() {
        Random random = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            boolean log = random.nextBoolean();
            double low = log ? Math.pow(10, -8 + 10 * random.nextDouble()) : -100 + 200 * random.nextDouble();
            double width = log ? low * Math.pow(10, 0.05 + 6 * random.nextDouble()) - low : Math.pow(10, -4 + 8 * random.nextDouble());
            TunedParameter p = new TunedParameter("a.py", "X", low, low + width, log ? Scale.LOG : Scale.LINEAR);
            double baseline = low + width * random.nextDouble();
            Axis axis = new Axis(p, baseline);
            assertThat(axis.index(baseline)).isZero();
            for (long j = axis.clamp(Long.MIN_VALUE); j <= axis.clamp(Long.MAX_VALUE); j++) {
                double v = Double.parseDouble(Numbers.format(axis.value(j)));
                assertThat(axis.index(v)).as("%s from %s, point %d printed %s", p, baseline, j, Numbers.format(v)).isEqualTo(j);
                assertThat(v).isBetween(p.low(), p.high());
            }
        }
    }

    @Test
    void stepsAreAnEighthOfTheRangeTimesAPowerOfTwo() {
        Axis linear = new Axis(new TunedParameter("a.py", "X", 0, 1, Scale.LINEAR), 0.5);
        assertThat(linear.steps(0)).isEqualTo(Axis.UNITS / 8);
        assertThat(linear.steps(-4)).isEqualTo(1);
        assertThat(linear.steps(2)).isEqualTo(Axis.UNITS / 2);
        Axis ints = new Axis(new TunedParameter("a.py", "N", 4, 64, Scale.INT), 16);
        assertThat(ints.steps(0)).isEqualTo(8);
        assertThat(ints.steps(-4)).isEqualTo(1);
        assertThat(ints.index(16)).isEqualTo(16);
        assertThat(ints.clamp(100)).isEqualTo(64);
    }

    @Test
    void numbersArePrintedCompactly() {
        assertThat(Numbers.format(0.04)).isEqualTo("0.04");
        assertThat(Numbers.format(16)).isEqualTo("16");
        assertThat(Numbers.format(-0.5)).isEqualTo("-0.5");
        assertThat(Numbers.format(0)).isEqualTo("0");
        assertThat(Numbers.format(3.16e-5)).isEqualTo("3.16e-5");
        assertThat(Numbers.format(1e-6)).isEqualTo("1e-6");
        assertThat(Numbers.format(1e-4)).isEqualTo("0.0001");
        assertThat(Numbers.format(123456789)).isEqualTo("123456789");
        assertThat(Numbers.format(2.5e9)).isEqualTo("2.5e9");
        assertThat(Numbers.parseLiteral("524_288")).isEqualTo(524288);
        assertThat(Numbers.parseLiteral("0.5f")).isEqualTo(0.5);
        assertThat(Numbers.parseLiteral("100L")).isEqualTo(100);
    }
}
