package org.spectrogan.evaluate;

import java.util.List;

/**
 * What one set of synthetic rows ({@code rows}: "dataset.csv", "synthetic.csv" or an augmenter's name) does to one
 * classifier on the test groups, in every reported metric: one {@link TestGroupEffect} per metric, all on the same
 * bootstrap resamples of the test groups (of every fold) and trials. {@code syntheticRows} the rows added per trial
 * of fold 0 (0 in a fold whose rows are none: there the gain is zero by construction).
 */
public record MetricEffects(String rows, String classifier, int syntheticRows, List<TestGroupEffect> effects) {
    public MetricEffects {
        effects = List.copyOf(effects);
    }

    /** The effect in the metric named {@code metric}, or null. */
    public TestGroupEffect effect(String metric) {
        return effects.stream().filter(e -> e.metric().equals(metric)).findFirst().orElse(null);
    }
}
