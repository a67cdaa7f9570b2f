package dev.autoresearch.maven;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.host.ProgramTemplate;
import dev.autoresearch.host.ProgramValues;
import dev.autoresearch.host.UsageException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code mvn autoresearch:init}: writes a commented program.md for the module, as {@code autoresearch
 * init} does. It refuses to replace an existing file unless {@code autoresearch.force} is set.
 */
@Mojo(name = "init", aggregator = true, threadSafe = true)
public final class InitMojo extends AbstractAutoresearchMojo {
    /** The number the experiment prints, as 'val_loss: 0.81' or 'METRIC val_loss=0.81'. */
    @Parameter(property = "autoresearch.metric", required = true)
    String metric;

    /** Which way the metric is better: minimize or maximize. */
    @Parameter(property = "autoresearch.direction", required = true)
    String direction;

    /** The experiment command. */
    @Parameter(property = "autoresearch.run", required = true)
    String run;

    /** Files a change may edit (globs). */
    @Parameter(property = "autoresearch.editable")
    List<String> editable = List.of();

    /** Files no change and no run may alter. */
    @Parameter(property = "autoresearch.readonly")
    List<String> readonly = List.of();

    /** A command that must pass for a keep, such as the tests. */
    @Parameter(property = "autoresearch.checks")
    String checks;

    /** Limit for one run (default 10m). */
    @Parameter(property = "autoresearch.timeout")
    String timeout;

    /** Numeric constants for the tune strategy, as FILE:NAME=LOW..HIGH[:SCALE]. */
    @Parameter(property = "autoresearch.tune")
    List<String> tune = List.of();

    /** Where to write (default: program.md in the module's directory). */
    @Parameter(property = "autoresearch.output", defaultValue = "${project.basedir}/program.md")
    File output;

    /** Replace the file if it exists. */
    @Parameter(property = "autoresearch.force", defaultValue = "false")
    boolean force;

    @Override
    void run() {
        Path file = output.toPath().toAbsolutePath().normalize();
        if (Files.exists(file) && !force) {
            throw new UsageException(display(file) + " exists; not replacing it",
                    "edit it, or set -Dautoresearch.force=true to replace it");
        }
        ProgramTemplate template;
        try {
            template = new ProgramTemplate(metric, Direction.parse(direction), run, editable, readonly,
                    Optional.ofNullable(checks), Optional.ofNullable(timeout).map(Durations::parse),
                    tune.stream().map(ProgramValues::tunedParameter).toList());
            template.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value: " + e.getMessage(),
                    "see the goal's parameters: mvn help:describe -Dplugin=dev.autoresearch:autoresearch-maven-plugin "
                            + "-Dgoal=init -Ddetail");
        }
        template.write(file);
        getLog().info("autoresearch: wrote " + display(file));
        getLog().info("  review it (stop criteria, files), commit it, then: mvn autoresearch:run");
        if (template.changesNothing()) {
            getLog().info("  note: no editable files or tune parameters, so nothing may change yet; add some to the file");
        }
    }
}
