package org.spectrogan.augment.augmenters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/**
 * Jitter: a real row of the class drawn with replacement plus independent Gaussian noise of standard deviation
 * {@code sigmaZ} z units per feature, where a z unit is the feature's standard deviation over all training rows.
 */
public final class NoiseAugmenter implements Augmenter {
    public static final double DEFAULT_SIGMA_Z = 0.1;
    private final double sigmaZ;

    public NoiseAugmenter(double sigmaZ) {
        if (!(sigmaZ >= 0) || Double.isInfinite(sigmaZ)) {
            throw new IllegalArgumentException("noise sigma must be a finite number >= 0 z units: " + sigmaZ);
        }
        this.sigmaZ = sigmaZ;
    }

    public double sigmaZ() {
        return sigmaZ;
    }

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public String description() {
        return "real rows plus Gaussian jitter of " + sigmaZ + " z units per feature";
    }

    @Override
    public FeatureTable synthesize(FeatureTable trainRows, Map<String, Integer> rowsPerClass, long seed) {
        Map<String, Integer> counts = Augmenters.checkedCounts(trainRows, rowsPerClass);
        List<FeatureTable.Row> out = new ArrayList<>();
        if (trainRows.size() == 0) {
            return new FeatureTable(trainRows.featureNames(), out);
        }
        double[] scale = Augmenters.columnScales(trainRows.matrix());
        for (var e : counts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            double[][] x = Augmenters.rowsOf(trainRows, e.getKey());
            SplittableRandom rnd = Augmenters.classRandom(seed, e.getKey());
            for (int i = 0; i < e.getValue(); i++) {
                double[] base = x[rnd.nextInt(x.length)];
                double[] v = new double[base.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = base[j] + sigmaZ * scale[j] * rnd.nextGaussian();
                }
                out.add(Augmenters.synthetic(e.getKey(), v));
            }
        }
        return new FeatureTable(trainRows.featureNames(), out);
    }
}
