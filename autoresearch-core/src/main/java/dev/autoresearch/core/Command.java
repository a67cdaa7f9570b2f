package dev.autoresearch.core;

import java.util.List;
import java.util.Objects;

/**
 * A command to run as a child process, held as an argument list (never re-split or concatenated).
 *
 * <p>A command string from program.md becomes {@code sh -c '<string>'} through {@link #shell}, so
 * pipes, {@code &&} and environment expansion work as in a terminal. From Java, {@link #of} passes
 * the arguments through unchanged.
 *
 * @param arguments the program and its arguments, not empty
 * @param display   how the command is shown to people and in error messages
 */
public record Command(List<String> arguments, String display) {
    public Command {
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(display, "display");
        if (arguments.isEmpty() || arguments.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs a program to run");
        }
    }

    /** A command line run through {@code sh -c}. */
    public static Command shell(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        if (commandLine.isBlank()) {
            throw new IllegalArgumentException("the command line is blank");
        }
        return new Command(List.of("sh", "-c", commandLine), commandLine);
    }

    /** A program and its arguments, run directly. */
    public static Command of(String program, String... arguments) {
        List<String> all = new java.util.ArrayList<>();
        all.add(program);
        all.addAll(List.of(arguments));
        return new Command(all, String.join(" ", all));
    }

    /** An argument list, run directly. */
    public static Command of(List<String> arguments) {
        return new Command(arguments, String.join(" ", arguments));
    }

    @Override
    public String toString() {
        return display;
    }
}
