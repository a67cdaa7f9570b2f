package dev.autoresearch.cli;

import dev.autoresearch.host.DefaultComponents;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

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
        CliContext context = new CliContext(Path.of("").toAbsolutePath(), out, err, System.getenv(),
                System.console() != null, new DefaultComponents(System.getenv()), InstantSource.system(), ShutdownHooks.runtime());
        int code = AutoresearchCommand.execute(context, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
