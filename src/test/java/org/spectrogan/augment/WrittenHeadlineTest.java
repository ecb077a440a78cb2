package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectrogan.evaluate.TestGroupEffect;

/** The report's first sentence about dataset.csv's synthetic rows: the resampled-groups interval first, the fixed one beside it. */
class WrittenHeadlineTest {
    @Test
    void theResampledIntervalLeadsAndTheFixedOneFollowsOrSaysWhyItIsMissing() {
        TestGroupEffect g = new TestGroupEffect("logreg", 1.25, -2.0, 4.5, 12, 3, 1000, 26);
        Pipeline.Effect withInterval = new Pipeline.Effect("logreg", 1.25, 0.5, 2.0, 5);
        Pipeline.Effect without = new Pipeline.Effect("logreg", 1.25, Double.NaN, Double.NaN, 3);
        String start = "dataset.csv holds 100 real train rows and 20 synthetic rows from cwgan, amount x1 (per class: {a=10, b=10}); "
                + "with logreg they change test balanced accuracy by +1.3 points [-2.0, +4.5] (test-group bootstrap: 12 test groups, 3 trials, 1000 draws, seed 26)";
        assertEquals(start + "; with the test groups held fixed [+0.5, +2.0] (t-interval over the 5 trials).",
                Pipeline.headline(contents(g, withInterval), null, null));
        assertEquals(start + "; with the test groups held fixed no t-interval (3 trials).",
                Pipeline.headline(contents(g, without), null, null));
    }

    private static Pipeline.DatasetContents contents(TestGroupEffect g, Pipeline.Effect e) {
        return new Pipeline.DatasetContents(100, 20, new java.util.TreeMap<>(Map.of("a", 10, "b", 10)), "cwgan", "cwgan, amount x1", List.of(g), List.of(e));
    }
}
