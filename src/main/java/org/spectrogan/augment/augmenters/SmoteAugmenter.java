package org.spectrogan.augment.augmenters;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/**
 * SMOTE (Chawla et al. 2002): a real row of the class drawn with replacement, one of its {@code k} nearest
 * neighbours within the class (Euclidean distance in z units of all training rows) drawn uniformly, and a point
 * drawn uniformly on the segment between them. A class with one row yields copies of it.
 */
public final class SmoteAugmenter extends PerClassAugmenter {
    public static final int DEFAULT_NEIGHBOURS = 5;
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
        int k = Math.min(neighbours, x.length - 1);
        if (k == 0) {
            return rnd -> x[rnd.nextInt(x.length)].clone();
        }
        double[] scale = Augmenters.columnScales(train.matrix());
        Map<Integer, int[]> nearest = new HashMap<>();
        return rnd -> {
            int a = rnd.nextInt(x.length);
            int[] nn = nearest.computeIfAbsent(a, q -> nearestNeighbours(x, q, k, scale));
            double[] b = x[nn[rnd.nextInt(k)]];
            double lambda = rnd.nextDouble();
            double[] v = new double[b.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = x[a][j] + lambda * (b[j] - x[a][j]);
            }
            return v;
        };
    }

    /** Indices of the {@code k} rows nearest to row {@code q} (itself excluded; ties by lower index). */
    static int[] nearestNeighbours(double[][] x, int q, int k, double[] scale) {
        Integer[] idx = new Integer[x.length - 1];
        double[] d = new double[x.length];
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            if (i == q) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < scale.length; j++) {
                double t = (x[i][j] - x[q][j]) / scale[j];
                s += t * t;
            }
            d[i] = s;
            idx[m++] = i;
        }
        java.util.Arrays.sort(idx, (u, v) -> d[u] != d[v] ? Double.compare(d[u], d[v]) : Integer.compare(u, v));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
