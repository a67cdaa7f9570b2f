package dev.autoresearch.host;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.testing.InProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runners and strategies found by name: the built-in ones as any jar's, and the errors for a name none or two have. */
class ProvidersTest {
    /** A runner provider of a given name, for the lookup's rules. */
    record Named(String name) implements RunnerProvider {
        @Override
        public ExperimentRunner create(RunnerContext context) {
            return new InProcessRunner(request -> InProcessRunner.Outcome.ok("score: 1\n"));
        }
    }

    /** The same name from another class, as a second jar would give it. */
    record Other(String name) implements RunnerProvider {
        @Override
        public ExperimentRunner create(RunnerContext context) {
            return new InProcessRunner(request -> InProcessRunner.Outcome.ok("score: 2\n"));
        }
    }

    @Test
    void theBuiltInRunnersAndStrategiesAreFoundAsServices() {
        Providers installed = Providers.installed();

        assertThat(installed.runnerNames()).containsExactly("local", "slurm");
        assertThat(installed.strategyNames()).containsExactly("tune", "llm");
        assertThat(installed.runner("SLURM", "invalid value for option '--runner'").name()).as("any case")
                .isEqualTo("slurm");
        assertThat(installed.strategy("tune", "x").confinedByDefault()).isFalse();
        assertThat(installed.strategy("llm", "x").confinedByDefault()).isTrue();
    }

    @Test
    void anUnknownNameListsTheNamesThereAreAndTheNearest() {
        Providers installed = Providers.installed();

        assertThatThrownBy(() -> installed.runner("slrum", "invalid value for option '--runner'"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option '--runner': expected 'local' or 'slurm', got 'slrum'")
                .extracting(e -> ((UsageException) e).hint()).asString()
                .isEqualTo("did you mean 'slurm'? a runner is found by name among the RunnerProviders on the class path");
        assertThatThrownBy(() -> Providers.of(List.of(new Named("a"), new Named("b"), new Named("kube")), List.of())
                .runner("cloud", "invalid value for 'runner' (program.md, or --runner)"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for 'runner' (program.md, or --runner): expected 'a', 'b' or 'kube', got 'cloud'")
                .extracting(e -> ((UsageException) e).hint()).asString().doesNotContain("did you mean");
        assertThatThrownBy(() -> installed.strategy("gird", "invalid value for option '--strategy'"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option '--strategy': expected 'tune' or 'llm', got 'gird'");
    }

    @Test
    void twoProvidersOfOneNameAreAnErrorNamingBothClasses() {
        Providers two = Providers.of(List.of(new Named("kube"), new Other("Kube"), new Named("local")), List.of());

        assertThatThrownBy(() -> two.runner("kube", "x")).isInstanceOf(UsageException.class)
                .hasMessage("two runner providers are named 'kube': " + Named.class.getName() + " and "
                        + Other.class.getName())
                .extracting(e -> ((UsageException) e).hint()).asString()
                .contains("remove one of their jars", "META-INF/services/dev.autoresearch.host.RunnerProvider");
        assertThat(two.runner("local", "x")).as("the other names still work").isEqualTo(new Named("local"));
    }

    @Test
    void aProviderWithoutAUsableNameIsRefused() {
        assertThatThrownBy(() -> Providers.of(List.of(new Named("my runner")), List.of()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining(Named.class.getName()).hasMessageContaining("one word");
    }

    @Test
    void aServicesFileNamingAMissingClassIsAUsageErrorNamingIt(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(RunnerProvider.class.getName()), "com.example.Missing\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> Providers.load(loader)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("a RunnerProvider on the class path cannot be loaded")
                    .hasMessageContaining("com.example.Missing");
        }
    }
}
