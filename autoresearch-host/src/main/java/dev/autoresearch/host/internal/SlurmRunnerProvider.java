package dev.autoresearch.host.internal;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.RunnerContext;
import dev.autoresearch.host.RunnerProvider;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.runners.SlurmRunner;

/**
 * The built-in {@code slurm} runner: each run a batch job, submitted with program.md's {@code slurm}
 * map (and the options that override it), after the checks that the session's other settings allow it:
 * no devices (Slurm places the GPUs) and no sandbox (a job runs on a node the runner does not confine).
 */
public final class SlurmRunnerProvider implements RunnerProvider {
    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public ExperimentRunner create(RunnerContext context) {
        ProgramSpec spec = context.spec();
        OptionStyle style = context.style();
        String asSlurm = style == OptionStyle.FLAGS ? "--runner slurm" : style.name("runner") + "=slurm";
        if (!spec.lanes().devices().isEmpty()) {
            throw new UsageException(style.name("devices") + " does not apply to " + asSlurm + ": Slurm places the GPUs",
                    "ask for them with " + (style == OptionStyle.FLAGS ? "--slurm-gres gpu:1" : style.name("slurm-gres")
                            + "=gpu:1") + " (or program.md's slurm.gres)");
        }
        if (context.sandbox().isPresent()) {
            String off = style == OptionStyle.FLAGS ? "--no-sandbox" : "-D" + style.name("sandbox") + "=false";
            throw new UsageException("the sandbox does not apply to " + asSlurm + ": its jobs run unconfined on the "
                    + "cluster's nodes", "pass " + off + " (or program.md's sandbox: false) to run them as jobs");
        }
        return SlurmRunner.builder().options(spec.slurm()).build();
    }
}
