package org.spectrogan.augment.augmenters;

import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/**
 * Jitter: a real row of the class drawn with replacement plus independent Gaussian noise of standard deviation
 * {@code sigmaZ} z units per feature, where a z unit is the feature's standard deviation over all training rows.
 */
public final class NoiseAugmenter extends PerClassAugmenter {
    public static final double DEFAULT_SIGMA_Z = 0.1;
    private final double sigmaZ;

    public NoiseAugmenter(double sigmaZ) {
        super("noise", "real rows plus Gaussian jitter of " + sigmaZ + " z units per feature");
        if (!(sigmaZ >= 0) || Double.isInfinite(sigmaZ)) {
            throw new IllegalArgumentException("noise sigma must be a finite number >= 0 z units: " + sigmaZ);
        }
        this.sigmaZ = sigmaZ;
    }

    public double sigmaZ() {
        return sigmaZ;
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] x, String label, SplittableRandom seedRnd) {
        double[] scale = Augmenters.columnScales(train.matrix());
        return rnd -> {
            double[] base = x[rnd.nextInt(x.length)];
            double[] v = new double[base.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = base[j] + sigmaZ * scale[j] * rnd.nextGaussian();
            }
            return v;
        };
    }
}
