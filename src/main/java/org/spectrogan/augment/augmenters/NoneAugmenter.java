package org.spectrogan.augment.augmenters;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/** No synthetic rows at all, whatever is asked for: the real-only baseline as an augmenter. */
public final class NoneAugmenter extends PerClassAugmenter {
    public NoneAugmenter() {
        super("none", "no synthetic rows (real rows only)");
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] classRows, String label, SplittableRandom rnd) {
        throw new IllegalStateException("the none augmenter draws no rows");
    }

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        return new FeatureTable(trainRows.featureNames(), List.of());
    }
}
