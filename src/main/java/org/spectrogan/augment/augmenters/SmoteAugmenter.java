package org.spectrogan.augment.augmenters;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.common.ClassInterpolation;
import org.spectrogan.features.FeatureTable;

/**
 * SMOTE (Chawla et al. 2002): a real row of the class drawn with replacement, one of its {@code k} nearest
 * neighbours within the class (Euclidean distance in z units of all training rows) drawn uniformly, and a point
 * drawn uniformly on the segment between them ({@link ClassInterpolation#smote}). A class with one row yields copies of it.
 */
public final class SmoteAugmenter extends PerClassAugmenter {
    public static final int DEFAULT_NEIGHBOURS = ClassInterpolation.DEFAULT_NEIGHBOURS;
    private final int neighbours;

    public SmoteAugmenter(int neighbours) {
        super("smote", "SMOTE: points between a real row and one of its " + neighbours + " nearest rows of the same class");
        if (neighbours < 1) {
            throw new IllegalArgumentException("SMOTE needs at least 1 neighbour: " + neighbours);
        }
        this.neighbours = neighbours;
    }

    public int neighbours() {
        return neighbours;
    }

    @Override
    ClassSampler sampler(FeatureTable train, double[][] x, String label, SplittableRandom seedRnd) {
        double[] scale = Augmenters.columnScales(train.matrix());
        Map<Integer, int[]> nearest = new HashMap<>();
        return rnd -> ClassInterpolation.smote(x,
                a -> nearest.computeIfAbsent(a, q -> ClassInterpolation.nearestNeighbours(x, q, neighbours, scale)), rnd);
    }
}
