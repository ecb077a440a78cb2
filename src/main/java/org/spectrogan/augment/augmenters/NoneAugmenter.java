package org.spectrogan.augment.augmenters;

import java.util.List;
import java.util.Map;
import org.spectrogan.features.FeatureTable;

/** No synthetic rows at all, whatever is asked for: the real-only baseline as an augmenter. */
public final class NoneAugmenter implements Augmenter {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "no synthetic rows (real rows only)";
    }

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        return new FeatureTable(trainRows.featureNames(), List.of());
    }
}
