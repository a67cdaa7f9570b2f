package dev.autoresearch.cli;

import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.Providers;
import dev.autoresearch.host.UsageException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point of the {@code autoresearch} command, and the only place that calls
 * {@link System#exit}. See {@link AutoresearchCommand} for the commands and {@link ExitCodes} for
 * the exit codes.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before any AWT class loads: charts are drawn without a display.
        System.setProperty("java.awt.headless", "true");
        boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        }
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset), true);
        DefaultComponents components;
        try {
            components = components(System.getenv());
        } catch (UsageException e) {
            err.println("autoresearch: " + e.getMessage());
            if (!e.hint().isEmpty()) {
                err.println("  " + e.hint());
            }
            err.flush();
            System.exit(ExitCodes.USAGE);
            return;
        }
        CliContext context = new CliContext(Path.of("").toAbsolutePath(), out, err, System.getenv(),
                System.console() != null, components, InstantSource.system(), ShutdownHooks.runtime());
        int code = AutoresearchCommand.execute(context, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The command's components: the runners and strategies built in, and those of the jars that
     * {@code AUTORESEARCH_CLASSPATH} names in {@code environment}.
     *
     * @throws UsageException when the variable names a jar that is not there, or a provider that cannot be loaded
     */
    static DefaultComponents components(Map<String, String> environment) {
        ClassLoader loader = ExtraJars.loader(Optional.ofNullable(environment.get(ExtraJars.VARIABLE)),
                Main.class.getClassLoader());
        return new DefaultComponents(environment, OptionStyle.FLAGS, Providers.load(loader));
    }
}
