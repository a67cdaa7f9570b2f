package dev.autoresearch.host;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The runners and strategies a host can offer by name: those that {@link ServiceLoader} finds on a
 * class path (the built-in ones and any jar's), or a list a Java host gives. A name that none has, or
 * that two have, is a usage error that lists the names there are.
 */
public final class Providers {
    private final List<RunnerProvider> runners;
    private final List<StrategyProvider> strategies;

    private Providers(List<RunnerProvider> runners, List<StrategyProvider> strategies) {
        this.runners = List.copyOf(runners);
        this.strategies = List.copyOf(strategies);
        runners.forEach(r -> checkName(r.name(), r, "runner"));
        strategies.forEach(s -> checkName(s.name(), s, "strategy"));
    }

    /** The providers on the class path this library was loaded from: the built-in ones and any jar's beside them. */
    public static Providers installed() {
        return load(Providers.class.getClassLoader());
    }

    /**
     * The providers {@code loader} finds: a host that loads extra jars (a plugin's dependencies, a folder of
     * jars) passes a loader over them whose parent sees this library.
     *
     * @throws UsageException when a provider listed in a jar cannot be loaded
     */
    public static Providers load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return new Providers(loadAll(RunnerProvider.class, loader), loadAll(StrategyProvider.class, loader));
    }

    /** Exactly these providers, in this order: for a Java host that makes its own. */
    public static Providers of(List<RunnerProvider> runners, List<StrategyProvider> strategies) {
        return new Providers(runners, strategies);
    }

    /** The runners' names, in the order found. */
    public List<String> runnerNames() {
        return runners.stream().map(RunnerProvider::name).toList();
    }

    /** The strategies' names, in the order found. */
    public List<String> strategyNames() {
        return strategies.stream().map(StrategyProvider::name).toList();
    }

    /**
     * The runner named {@code name}.
     *
     * @param invalid how the error begins when there is none, naming where the name was given, such as
     *                "invalid value for option '--runner'"
     * @throws UsageException when no runner, or more than one, has that name
     */
    public RunnerProvider runner(String name, String invalid) {
        return find(runners, RunnerProvider::name, name, invalid, "runner", RunnerProvider.class);
    }

    /**
     * The strategy named {@code name}.
     *
     * @param invalid how the error begins when there is none, naming where the name was given
     * @throws UsageException when no strategy, or more than one, has that name
     */
    public StrategyProvider strategy(String name, String invalid) {
        return find(strategies, StrategyProvider::name, name, invalid, "strategy", StrategyProvider.class);
    }

    private static <P> P find(List<P> providers, Function<P, String> nameOf, String name, String invalid, String what,
                              Class<P> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(invalid, "invalid");
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        List<P> named = providers.stream().filter(p -> nameOf.apply(p).toLowerCase(Locale.ROOT).equals(wanted)).toList();
        if (named.size() > 1) {
            throw new UsageException("two " + what + " providers are named '" + nameOf.apply(named.get(0)) + "': "
                    + String.join(" and ", named.stream().map(p -> p.getClass().getName()).toList()),
                    "remove one of their jars from the class path (each lists its class in META-INF/services/"
                            + type.getName() + ")");
        }
        if (named.isEmpty()) {
            List<String> names = providers.stream().map(nameOf).toList();
            String hint = Suggestions.nearest(wanted, names).map(n -> "did you mean '" + n + "'? ").orElse("")
                    + "a " + what + " is found by name among the " + type.getSimpleName() + "s on the class path";
            throw new UsageException(invalid + ": expected " + choices(names) + ", got '" + name + "'", hint);
        }
        return named.get(0);
    }

    /** {@code 'a'}, {@code 'a' or 'b'}, {@code 'a', 'b' or 'c'}. */
    static String choices(List<String> names) {
        if (names.isEmpty()) {
            return "a name, but none is on the class path";
        }
        List<String> quoted = names.stream().map(n -> "'" + n + "'").toList();
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    private static <P> List<P> loadAll(Class<P> type, ClassLoader loader) {
        List<P> found = new ArrayList<>();
        try {
            ServiceLoader.load(type, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new UsageException("a " + type.getSimpleName() + " on the class path cannot be loaded: "
                    + e.getMessage(), "fix or remove the jar whose META-INF/services/" + type.getName() + " names it");
        }
        return found;
    }

    private static void checkName(String name, Object provider, String what) {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new AutoresearchException("the " + what + " provider " + provider.getClass().getName()
                    + " has no usable name ('" + name + "'): name() must return one word, such as 'kubernetes'");
        }
    }
}
