package org.spectrogan.augment.augmenters;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.spectrogan.common.ClassInterpolation;
import org.spectrogan.features.FeatureTable;

/**
 * Mixup within a class (Zhang et al. 2018, restricted to pairs of one class so the label stays hard): two real
 * rows of the class drawn independently with replacement and mixed as {@code l a + (1 - l) b} with
 * {@code l ~ Beta(alpha, alpha)} ({@link ClassInterpolation#mixup}).
 */
public final class MixupAugmenter extends PerClassAugmenter {
    public static final double DEFAULT_ALPHA = ClassInterpolation.DEFAULT_MIXUP_ALPHA;
    private final double alpha;

    public MixupAugmenter(double alpha) {
        super("mixup", "within-class mixup, weights ~ Beta(" + alpha + ", " + alpha + ")");
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be a finite number > 0: " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] x, String label, SplittableRandom seedRnd) {
        BetaDistribution beta = new BetaDistribution(new Well19937c(seedRnd.nextLong()), alpha, alpha);
        return rnd -> ClassInterpolation.mixup(x, rnd, beta::sample);
    }
}
