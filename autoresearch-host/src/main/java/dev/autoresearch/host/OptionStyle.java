package dev.autoresearch.host;

import java.util.Objects;

/**
 * How a host names its options in error messages: the command's flags ({@code --max-tokens}) or
 * the Maven plugin's user properties ({@code autoresearch.maxTokens}), so that a message names what
 * the user actually typed.
 */
public enum OptionStyle {
    /** {@code --max-tokens}, help from {@code autoresearch run --help}. */
    FLAGS("see 'autoresearch run --help'"),
    /** {@code autoresearch.maxTokens}, set in the pom's configuration or with {@code -D}. */
    MAVEN("see the plugin's parameters: mvn help:describe -Dplugin=dev.autoresearch:autoresearch-maven-plugin -Ddetail");

    private final String help;

    OptionStyle(String help) {
        this.help = help;
    }

    /** The name of the option for a program.md key or run option written in kebab case ({@code max-tokens}). */
    public String name(String kebab) {
        Objects.requireNonNull(kebab, "kebab");
        return this == FLAGS ? "--" + kebab : "autoresearch." + camel(kebab);
    }

    /** An option set to {@code value}, as a user writes it: {@code --keep greedy}, {@code autoresearch.keep=greedy}. */
    public String setting(String kebab, java.util.Optional<String> value) {
        return name(kebab) + value.map(v -> (this == FLAGS ? " " : "=") + v).orElse("");
    }

    /** How a switch is turned on: {@code --rebase}, or {@code -Dautoresearch.rebase=true}. */
    public String switchOn(String kebab) {
        return this == FLAGS ? name(kebab) : "-D" + name(kebab) + "=true";
    }

    /** The command that runs (or resumes) session {@code tag}, or a new session when empty. */
    public String runCommand(java.util.Optional<String> tag) {
        if (this == FLAGS) {
            return "autoresearch run" + tag.map(t -> " --tag " + t).orElse("");
        }
        return "mvn autoresearch:run" + tag.map(t -> " -D" + name("tag") + "=" + t).orElse("");
    }

    /** What the options are called: {@code flags} or {@code parameters}. */
    public String plural() {
        return this == FLAGS ? "flags" : "parameters";
    }

    /** Where the options are described, as a hint line. */
    public String help() {
        return help;
    }

    /** {@code max-experiments} as {@code maxExperiments}. */
    public static String camel(String kebab) {
        StringBuilder s = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                s.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = false;
            }
        }
        return s.toString();
    }
}
