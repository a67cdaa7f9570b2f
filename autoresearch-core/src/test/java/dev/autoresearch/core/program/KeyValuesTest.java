package dev.autoresearch.core.program;

import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A key's value given as one string (a flag, a plugin parameter) takes the forms program.md takes. */
class KeyValuesTest {
    @Test
    void constraints() {
        assertThat(KeyValues.constraint("memory_gb<=80")).isEqualTo(new Constraint("memory_gb", Constraint.Operator.LE, 80));
        assertThat(KeyValues.constraint(" total_µs > 0.5 ")).isEqualTo(new Constraint("total_µs", Constraint.Operator.GT, 0.5));
        assertThat(KeyValues.constraint("errors=0")).isEqualTo(new Constraint("errors", Constraint.Operator.EQ, 0));
        assertThatThrownBy(() -> ProgramKeys.CONSTRAINTS.checkForm("memory_gb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProgramKeys.CONSTRAINTS.checkForm("memory_gb <= lots"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minimumImprovements() {
        ProgramSpec.Builder b = ProgramSpec.builder().metric("m").direction(Direction.MINIMIZE).run("x");
        ProgramKeys.MIN_IMPROVEMENT.apply(b, List.of("0.5%"));
        assertThat(b.build().minImprovement()).isEqualTo(new MinImprovement(0.5, true));
        assertThatThrownBy(() -> ProgramKeys.MIN_IMPROVEMENT.checkForm("a bit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5%");
    }
}
