package dev.autoresearch.host;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The strategy choice and the checks every host makes before a session opens, with messages that
 * name the options as the host spells them.
 */
class SessionSetupTest {
    @TempDir
    Path dir;

    private static final ProgramSpec NO_TUNE = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE)
            .run("./train").build();

    @Test
    void aConfiguredModelChoosesTheLanguageModelElseTheTuner() {
        HostOptions withModel = HostOptions.builder(OptionStyle.MAVEN)
                .environment(Map.of("AUTORESEARCH_MODEL", "openai:gpt-4.1")).seed(7).build();
        LoopComponents.StrategySettings s = SessionSetup.strategySettings(NO_TUNE, withModel, dir);
        assertThat(s.name()).isEqualTo("llm");
        assertThat(s.model()).contains("openai:gpt-4.1");
        assertThat(s.seed()).isEqualTo(7);

        HostOptions option = HostOptions.builder(OptionStyle.MAVEN).model("anthropic:claude")
                .environment(Map.of("AUTORESEARCH_MODEL", "openai:gpt-4.1")).build();
        assertThat(SessionSetup.strategySettings(NO_TUNE, option, dir).model()).as("the option before the environment")
                .contains("anthropic:claude");
    }

    @Test
    void theMessagesNameTheOptionsAsTheHostSpellsThem() {
        assertThatThrownBy(() -> SessionSetup.strategySettings(NO_TUNE.toBuilder()
                        .providers(NO_TUNE.providers().withStrategy("llm")).build(),
                HostOptions.builder(OptionStyle.MAVEN).build(), dir))
                .isInstanceOf(UsageException.class).hasMessage("the llm strategy needs a model")
                .extracting(e -> ((UsageException) e).hint()).asString()
                .startsWith("pass autoresearch.model=PROVIDER:MODEL");
        assertThatThrownBy(() -> SessionSetup.strategySettings(NO_TUNE, HostOptions.builder(OptionStyle.FLAGS).build(), dir))
                .isInstanceOf(UsageException.class)
                .hasMessage("no parameters for the tune strategy in the flags or the --tune flags");
        assertThatThrownBy(() -> HostOptions.builder(OptionStyle.MAVEN).maxCost(20).build())
                .isInstanceOf(UsageException.class)
                .hasMessage("autoresearch.maxCost needs autoresearch.prices IN,OUT (per million input and output "
                        + "tokens), and autoresearch.prices needs autoresearch.maxCost");
        assertThatThrownBy(() -> SessionSetup.checkNames(Optional.empty(), Optional.of("grid"), Providers.installed(),
                OptionStyle.MAVEN))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option 'autoresearch.strategy': expected 'tune' or 'llm', got 'grid'");
    }
}
