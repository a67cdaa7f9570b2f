package dev.autoresearch.host;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of a run that are not program.md keys: the session's tag, the strategy's seed
 * and model, and the token and cost budgets (the strategy and the runner are named in program.md, or by
 * the options that override it). Every host (the command's flags, the Maven plugin's
 * parameters) fills one in the same way, and {@link SessionSetup} turns it into a loop.
 */
public final class HostOptions {
    private final OptionStyle style;
    private final Map<String, String> environment;
    private final Optional<String> tag;
    private final long seed;
    private final Optional<String> model;
    private final Optional<String> baseUrl;
    private final Optional<Long> maxTokens;
    private final Optional<Double> maxCost;
    private final Optional<double[]> prices;
    private final Optional<Integer> maxReplyTokens;
    private final boolean rebase;
    private final boolean freshMemory;
    private final Optional<Long> fileBudget;

    private HostOptions(Builder b) {
        this.style = b.style;
        this.environment = Map.copyOf(b.environment);
        this.tag = b.tag;
        this.seed = b.seed;
        this.model = b.model;
        this.baseUrl = b.baseUrl;
        this.maxTokens = b.maxTokens;
        this.maxCost = b.maxCost;
        this.prices = b.prices;
        this.maxReplyTokens = b.maxReplyTokens;
        this.fileBudget = b.fileBudget;
        this.rebase = b.rebase;
        this.freshMemory = b.freshMemory;
    }

    /** Options whose error messages name the options as {@code style} does. */
    public static Builder builder(OptionStyle style) {
        return new Builder(style);
    }

    public OptionStyle style() {
        return style;
    }

    /** A variable of the host's environment, if set and not blank. */
    public Optional<String> env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public Optional<String> tag() {
        return tag;
    }

    /** The host's environment, for the runners and strategies that read it. */
    public Map<String, String> environment() {
        return environment;
    }

    public long seed() {
        return seed;
    }

    /** The model given as an option, else {@code AUTORESEARCH_MODEL}. */
    public Optional<String> model() {
        return model.or(() -> env("AUTORESEARCH_MODEL"));
    }

    /** The endpoint given as an option, else {@code AUTORESEARCH_BASE_URL}. */
    public Optional<String> baseUrl() {
        return baseUrl.or(() -> env("AUTORESEARCH_BASE_URL"));
    }

    public Optional<Long> maxTokens() {
        return maxTokens;
    }

    public Optional<Double> maxCost() {
        return maxCost;
    }

    /** The price per million input tokens, when a cost budget is set. */
    public Optional<Double> inputPrice() {
        return prices.map(p -> p[0]);
    }

    /** The price per million output tokens, when a cost budget is set. */
    public Optional<Double> outputPrice() {
        return prices.map(p -> p[1]);
    }

    public Optional<Integer> maxReplyTokens() {
        return maxReplyTokens;
    }

    /** Whether a resumed session first brings in the commits made on the user's branch since it started. */
    public boolean rebase() {
        return rebase;
    }

    /** Whether the session starts without earlier sessions' ideas. */
    public boolean freshMemory() {
        return freshMemory;
    }

    public Optional<Long> fileBudget() {
        return fileBudget;
    }

    /** Fills in {@link HostOptions}; each setter checks its value and names the option at fault. */
    public static final class Builder {
        private final OptionStyle style;
        private Map<String, String> environment = Map.of();
        private Optional<String> tag = Optional.empty();
        private long seed;
        private Optional<String> model = Optional.empty();
        private Optional<String> baseUrl = Optional.empty();
        private Optional<Long> maxTokens = Optional.empty();
        private Optional<Double> maxCost = Optional.empty();
        private Optional<String> pricesText = Optional.empty();
        private Optional<double[]> prices = Optional.empty();
        private Optional<Integer> maxReplyTokens = Optional.empty();
        private Optional<Long> fileBudget = Optional.empty();
        private boolean rebase;
        private boolean freshMemory;

        private Builder(OptionStyle style) {
            this.style = Objects.requireNonNull(style, "style");
        }

        /** Where {@code AUTORESEARCH_MODEL}, {@code AUTORESEARCH_BASE_URL} and API keys are read. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** The session's name; its branch is {@code autoresearch/TAG}. An existing tag resumes. */
        public Builder tag(String tag) {
            this.tag = Optional.of(Objects.requireNonNull(tag, "tag").strip());
            return this;
        }

        /**
         * Brings the commits made on the user's branch since the session started into a resumed session
         * first (see {@code ResearchLoop.Builder#rebase}).
         */
        public Builder rebase(boolean rebase) {
            this.rebase = rebase;
            return this;
        }

        /**
         * Starts without what earlier sessions put in the ideas ledger (see
         * {@code ResearchLoop.Builder#freshMemory}).
         */
        public Builder freshMemory(boolean fresh) {
            this.freshMemory = fresh;
            return this;
        }

        /** The seed for the strategy's random choices. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@code provider:model}; blank means none. */
        public Builder model(String model) {
            this.model = Optional.of(Objects.requireNonNull(model, "model").strip()).filter(s -> !s.isEmpty());
            return this;
        }

        /** An OpenAI-compatible endpoint; blank means none. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Optional.of(Objects.requireNonNull(baseUrl, "baseUrl").strip()).filter(s -> !s.isEmpty());
            return this;
        }

        /** Stop once the model has used this many tokens (checked when the loop is set up, as the other values). */
        public Builder maxTokens(long maxTokens) {
            this.maxTokens = Optional.of(maxTokens);
            return this;
        }

        /** Stop once the model has cost this much; needs {@link #prices}. */
        public Builder maxCost(double maxCost) {
            this.maxCost = Optional.of(maxCost);
            return this;
        }

        /** {@code IN,OUT}: prices per million input and output tokens, in the currency of the cost budget. */
        public Builder prices(String prices) {
            Objects.requireNonNull(prices, "prices");
            this.pricesText = Optional.of(prices);
            String[] parts = prices.split(",");
            try {
                if (parts.length == 2) {
                    double in = Double.parseDouble(parts[0].strip());
                    double out = Double.parseDouble(parts[1].strip());
                    this.prices = Optional.of(new double[] {in, out});
                    return this;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            this.prices = Optional.empty();
            return this;
        }

        /** The most tokens one model reply may have. */
        public Builder maxReplyTokens(int maxReplyTokens) {
            this.maxReplyTokens = Optional.of(maxReplyTokens);
            return this;
        }

        /** The largest editable file shown to the model, in bytes. */
        public Builder fileBudget(long bytes) {
            this.fileBudget = Optional.of(bytes);
            return this;
        }

        /**
         * @throws UsageException when a cost budget comes without two prices, or prices without a budget
         */
        public HostOptions build() {
            if (maxCost.isPresent() != pricesText.isPresent() || (pricesText.isPresent() && prices.isEmpty())) {
                throw new UsageException(style.name("max-cost") + " needs " + style.name("prices")
                        + " IN,OUT (per million input and output tokens), and " + style.name("prices") + " needs "
                        + style.name("max-cost"), "for example: " + example());
            }
            return new HostOptions(this);
        }

        private String example() {
            return style == OptionStyle.FLAGS ? "--max-cost 20 --prices 3,15"
                    : "-D" + style.name("max-cost") + "=20 -D" + style.name("prices") + "=3,15";
        }

        private UsageException invalid(String option, String why) {
            return new UsageException("invalid value for option '" + style.name(option) + "': " + why, style.help());
        }    }
}
