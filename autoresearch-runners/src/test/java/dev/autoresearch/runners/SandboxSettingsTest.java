package dev.autoresearch.runners;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.runners.internal.Bwrap;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's writable paths as a user writes them, and the error when bwrap is missing. */
class SandboxSettingsTest {
    @Test
    void aTildeStandsForTheHomeDirectory() {
        Sandbox sandbox = Sandbox.writable(List.of("~/.cache", "~", "/data/hf/../models"), Path.of("/home/a"));

        assertThat(sandbox.writable()).containsExactly(Path.of("/home/a/.cache"), Path.of("/home/a"), Path.of("/data/models"));
    }

    @Test
    void aRelativeWritablePathIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Sandbox.writable(List.of("cache"), Path.of("/home/a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sandbox-writable path must be absolute (or start with ~/), got 'cache'");
    }

    @Test
    void aMissingBwrapIsOneErrorNamingThePackage() {
        assertThatThrownBy(() -> Bwrap.locate(Optional.empty()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the sandbox needs bwrap, which is not on the PATH: install the bubblewrap package "
                        + "(apt-get install bubblewrap), or set 'sandbox: false' in program.md (--no-sandbox) to run "
                        + "experiments unconfined");
    }

    @Test
    void theRunnerSaysWhetherItConfinesItsRuns() {
        assertThat(new ProcessRunner().sandbox()).isEmpty();
        assertThat(ProcessRunner.builder().build().toBuilder().sandbox(Optional.empty()).build().sandbox()).isEmpty();
    }
}
