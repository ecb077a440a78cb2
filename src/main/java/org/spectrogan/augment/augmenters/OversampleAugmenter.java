package org.spectrogan.augment.augmenters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/** Copies of real rows of the class, drawn uniformly with replacement (random oversampling). */
public final class OversampleAugmenter implements Augmenter {
    @Override
    public String name() {
        return "oversample";
    }

    @Override
    public String description() {
        return "copies of real rows of the class, drawn with replacement";
    }

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        List<FeatureTable.Row> out = new ArrayList<>();
        for (var e : Augmenters.checkedCounts(trainRows, rowsPerClass).entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            double[][] x = Augmenters.rowsOf(trainRows, e.getKey());
            SplittableRandom rnd = Augmenters.classRandom(seed, e.getKey());
            for (int i = 0; i < e.getValue(); i++) {
                out.add(Augmenters.synthetic(e.getKey(), x[rnd.nextInt(x.length)].clone()));
            }
        }
        return new FeatureTable(trainRows.featureNames(), out);
    }
}
