package dev.autoresearch.examples;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.tune.ParameterTuner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainDemoTest {

    @Test
    void trainPrintsTheSummaryBlockLastAndTheSameValLossTwice() {
        Path demo = Demo.root().resolve(Demo.TRAIN).getParent();
        Demo.Run first = Demo.baseline();
        Demo.Run second = Demo.run(demo);

        assertThat(first.exit()).as(first.output()).isZero();
        String tail = first.output().substring(first.output().lastIndexOf("\n---\n") + 1);
        assertThat(tail).matches("---\n"
                + "val_loss:         \\d+\\.\\d{6}\n"
                + "val_accuracy:     [01]\\.\\d{6}\n"
                + "training_seconds: \\d+\\.\\d\n"
                + "peak_heap_mb:     \\d+\\.\\d\n"
                + "num_steps:        \\d+\n"
                + "num_params:       \\d+\n");
        assertThat(first.summary()).containsKeys("val_loss", "val_accuracy", "training_seconds", "peak_heap_mb");
        assertThat(first.summary().get("num_params")).isEqualTo("99");
        assertThat(second.summary().get("val_loss")).as("seeded, with a fixed budget").isEqualTo(first.summary().get("val_loss"));
        assertThat(second.summary().get("val_accuracy")).isEqualTo(first.summary().get("val_accuracy"));
    }

    @Test
    void programMdIsTheDemosContract() throws Exception {
        ProgramSpec spec = Demo.spec();
        assertThat(spec.metric()).isEqualTo("val_loss");
        assertThat(spec.direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(spec.run().display()).isEqualTo("java " + Demo.TRAIN);
        assertThat(spec.isEditable(Demo.TRAIN)).isTrue();
        assertThat(spec.recordedMetrics()).containsExactly("val_loss", "val_accuracy", "training_seconds", "peak_heap_mb");
        assertThat(spec.stop().maxExperiments()).hasValue(12);

        List<TunedParameter> tune = spec.tune();
        assertThat(tune).extracting(TunedParameter::name)
                .containsExactly("LEARNING_RATE", "MOMENTUM", "WEIGHT_DECAY", "INIT_SCALE", "HIDDEN", "BATCH_SIZE");
        List<Double> values = ParameterTuner.create(tune, 0).validate(Demo.root());
        for (int i = 0; i < tune.size(); i++) {
            assertThat(values.get(i)).as(tune.get(i).name() + " starts inside its range")
                    .isBetween(tune.get(i).low(), tune.get(i).high());
        }
        assertThat(spec.prose()).as("the brief quotes the baseline's summary")
                .contains("val_loss:         " + Demo.baseline().summary().get("val_loss"));
    }
}
