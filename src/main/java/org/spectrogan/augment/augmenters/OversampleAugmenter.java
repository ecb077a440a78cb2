package org.spectrogan.augment.augmenters;

import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/** Copies of real rows of the class, drawn uniformly with replacement (random oversampling). */
public final class OversampleAugmenter extends PerClassAugmenter {
    public OversampleAugmenter() {
        super("oversample", "copies of real rows of the class, drawn with replacement");
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] x, String label, SplittableRandom seedRnd) {
        return rnd -> x[rnd.nextInt(x.length)].clone();
    }
}
