package com.example.queue;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.StrategyContext;
import dev.autoresearch.host.StrategyProvider;

import java.util.Map;

/** A strategy of a team's own, as a jar beside the library provides it: experiment n writes 10 - n to score.txt. */
public final class CountdownStrategyProvider implements StrategyProvider {
    @Override
    public String name() {
        return "countdown";
    }

    @Override
    public boolean confinedByDefault() {
        return false;
    }

    @Override
    public LoopComponents.Strategy create(StrategyContext context) {
        return LoopComponents.Strategy.of(new Countdown());
    }

    static final class Countdown implements HypothesisGenerator, CodeMutator {
        @Override
        public Hypothesis propose(ResearchContext context) {
            int score = Math.max(1, 10 - context.experiment());
            return new Hypothesis("count down to " + score, "a smaller number", Integer.toString(score),
                    dev.autoresearch.core.TokenUsage.ZERO);
        }

        @Override
        public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
            return new MutationResult.Applied(new Change(Map.of("score.txt", hypothesis.plan() + "\n")));
        }

        @Override
        public String name() {
            return "countdown";
        }
    }
}
