package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spectrogan.features.FeatureTable;

/** Small seeded feature tables for tests: Gaussian classes, a per-group offset, windows every second. */
final class Tables {
    private Tables() {
    }

    static FeatureTable gaussian(int classes, int groups, int rowsPerGroupAndClass, int features, double separation, long seed) {
        Random rnd = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[] offset = new double[features];
            for (int j = 0; j < features; j++) {
                offset[j] = 0.3 * rnd.nextGaussian();
            }
            double t = 0;
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < rowsPerGroupAndClass; i++) {
                    double[] v = new double[features];
                    for (int j = 0; j < features; j++) {
                        v[j] = offset[j] + (j % classes == c ? separation : 0) + rnd.nextGaussian();
                    }
                    rows.add(new FeatureTable.Row("c" + c, "g" + g, FeatureTable.REAL, t, v));
                    t += 1;
                }
            }
        }
        return new FeatureTable(names, rows);
    }
}
