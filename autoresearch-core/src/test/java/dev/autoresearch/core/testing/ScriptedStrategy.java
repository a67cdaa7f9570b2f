package dev.autoresearch.core.testing;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strategy that proposes a fixed sequence of changes, one per experiment, chosen by the
 * experiment number so that it continues correctly after a resume.
 */
public final class ScriptedStrategy implements HypothesisGenerator, CodeMutator {

    /** One scripted experiment: a title and the files it writes (empty: the mutator fails). */
    public record Step(String title, Map<String, String> files) {
    }

    private final List<Step> steps;
    private final boolean ahead;

    private ScriptedStrategy(List<Step> steps) {
        this(steps, false);
    }

    private ScriptedStrategy(List<Step> steps, boolean ahead) {
        this.steps = List.copyOf(steps);
        this.ahead = ahead;
    }

    /** The same steps, proposed while lanes run, as a model would be asked. */
    public ScriptedStrategy ahead() {
        return new ScriptedStrategy(steps, true);
    }

    /** False unless made with {@link #ahead()}: each proposal then sees every result before it, as the tests expect. */
    @Override
    public boolean proposesAhead() {
        return ahead;
    }

    public static ScriptedStrategy of(Step... steps) {
        return new ScriptedStrategy(List.of(steps));
    }

    /** Steps that each write one file with the given contents, titled {@code set <path> to <content>}. */
    public static ScriptedStrategy writing(String path, String... contents) {
        List<Step> steps = new ArrayList<>();
        for (String c : contents) {
            steps.add(new Step("set " + path + " to " + c.strip(), Map.of(path, c)));
        }
        return new ScriptedStrategy(steps);
    }

    public static Step step(String title, Map<String, String> files) {
        return new Step(title, files);
    }

    @Override
    public Hypothesis propose(ResearchContext context) {
        int index = context.experiment() - 1;
        if (index >= steps.size()) {
            throw new AutoresearchException("the script has no step " + context.experiment());
        }
        return new Hypothesis(steps.get(index).title(), "scripted step " + context.experiment(),
                Integer.toString(index), dev.autoresearch.core.TokenUsage.ZERO);
    }

    @Override
    public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
        Step step = steps.get(Integer.parseInt(hypothesis.plan()));
        if (step.files().isEmpty()) {
            return new MutationResult.Failed("scripted failure");
        }
        return new MutationResult.Applied(new Change(step.files()));
    }

    @Override
    public String name() {
        return "scripted";
    }
}
