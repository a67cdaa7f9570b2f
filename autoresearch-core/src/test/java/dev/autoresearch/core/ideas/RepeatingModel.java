package dev.autoresearch.core.ideas;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.TokenUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in model that proposes its ideas in order, moving to the next one whenever it is asked
 * again (a refusal included), as a model that takes the loop's feedback would; it keeps what the
 * loop told it and the views of the ledger it was shown.
 */
public final class RepeatingModel implements HypothesisGenerator, CodeMutator {
    /** One idea: a title, a rationale and the files it writes. */
    public record Step(String title, String rationale, Map<String, String> files) {
    }

    private final List<Step> steps;
    private final AtomicInteger next = new AtomicInteger();
    private final List<String> feedback = new CopyOnWriteArrayList<>();
    private final List<ResearchContext> asked = new CopyOnWriteArrayList<>();
    private final boolean readsIdeas;

    private RepeatingModel(List<Step> steps, boolean readsIdeas) {
        this.steps = List.copyOf(steps);
        this.readsIdeas = readsIdeas;
    }

    public static RepeatingModel of(Step... steps) {
        return new RepeatingModel(List.of(steps), true);
    }

    /** Ideas that each write {@code path} whole, titled {@code set <path> to <value>}. */
    public static RepeatingModel writing(String path, String... values) {
        List<Step> steps = new ArrayList<>();
        for (String v : values) {
            steps.add(new Step("set " + path + " to " + v, "", Map.of(path, v + "\n")));
        }
        return new RepeatingModel(steps, true);
    }

    /** This model, not reading the ideas ledger's view nor the user's ideas, as the tuner does. */
    public RepeatingModel notReadingIdeas() {
        return new RepeatingModel(steps, false);
    }

    /** True unless made with {@link #notReadingIdeas()}; it still proposes its own steps, whatever it is offered. */
    @Override
    public boolean readsIdeas() {
        return readsIdeas;
    }

    @Override
    public Hypothesis propose(ResearchContext context) {
        asked.add(context);
        feedback.addAll(context.feedback().subList(Math.max(0, context.feedback().size() - 1),
                context.feedback().size()));
        int i = next.getAndIncrement();
        if (i >= steps.size()) {
            throw new AutoresearchException("the stand-in model has no idea " + (i + 1));
        }
        return new Hypothesis(steps.get(i).title(), steps.get(i).rationale(), Integer.toString(i), TokenUsage.ZERO);
    }

    @Override
    public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
        return new MutationResult.Applied(new Change(steps.get(Integer.parseInt(hypothesis.plan())).files()));
    }

    /** Every refusal the loop sent back, in order. */
    public List<String> feedback() {
        return feedback;
    }

    /** Every context it was asked with, in order. */
    public List<ResearchContext> asked() {
        return asked;
    }

    @Override
    public String name() {
        return "stand-in";
    }
}
