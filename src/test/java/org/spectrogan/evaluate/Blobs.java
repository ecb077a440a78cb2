package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spectrogan.features.FeatureTable;

/** Seeded Gaussian class blobs for tests: class k has mean {@code separation * e_(k mod d)}, unit variance. */
final class Blobs {
    private Blobs() {
    }

    static FeatureTable make(int classes, int rowsPerClass, int dims, double separation, String source, int groups, long seed) {
        Random rng = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < dims; j++) {
            names.add("x" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            for (int i = 0; i < rowsPerClass; i++) {
                double[] v = new double[dims];
                for (int j = 0; j < dims; j++) {
                    v[j] = rng.nextGaussian() + (j == k % dims ? separation : 0);
                }
                rows.add(new FeatureTable.Row("c" + k, "g" + (i % groups), source, i, v));
            }
        }
        return new FeatureTable(names, rows);
    }

    static double[][] gaussian(int n, double[] mean, double sd, Random rng) {
        double[][] x = new double[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                x[i][j] = mean[j] + sd * rng.nextGaussian();
            }
        }
        return x;
    }
}
