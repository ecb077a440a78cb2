package org.spectrogan.augment.augmenters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.spectrogan.features.FeatureTable;

/**
 * Mixup within a class (Zhang et al. 2018, restricted to pairs of one class so the label stays hard): two real
 * rows of the class drawn independently with replacement and mixed as {@code l a + (1 - l) b} with
 * {@code l ~ Beta(alpha, alpha)}.
 */
public final class MixupAugmenter implements Augmenter {
    public static final double DEFAULT_ALPHA = 0.4;
    private final double alpha;

    public MixupAugmenter(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be a finite number > 0: " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "mixup";
    }

    @Override
    public String description() {
        return "within-class mixup, weights ~ Beta(" + alpha + ", " + alpha + ")";
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
            BetaDistribution beta = new BetaDistribution(new Well19937c(rnd.nextLong()), alpha, alpha);
            for (int i = 0; i < e.getValue(); i++) {
                double[] a = x[rnd.nextInt(x.length)];
                double[] b = x[rnd.nextInt(x.length)];
                double l = beta.sample();
                double[] v = new double[a.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = l * a[j] + (1 - l) * b[j];
                }
                out.add(Augmenters.synthetic(e.getKey(), v));
            }
        }
        return new FeatureTable(trainRows.featureNames(), out);
    }
}
