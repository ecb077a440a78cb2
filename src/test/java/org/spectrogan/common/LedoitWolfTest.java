package org.spectrogan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ledoit-Wolf against numpy values (src/test/resources/augmenters/ledoit_wolf_reference.py, the paper's form of
 * the formula) and against a naive float64 transcription of the paper's definitions written here.
 */
public class LedoitWolfTest {
    @Test
    void matchesNumpyReference() throws IOException {
        for (String name : List.of("wide", "tall")) {
            List<double[]> x = new ArrayList<>();
            List<double[]> cov = new ArrayList<>();
            double shrinkage = Double.NaN;
            try (InputStream in = getClass().getResourceAsStream("/augmenters/ledoit_wolf_" + name + ".csv")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String[] c = line.split(",");
                    double[] v = new double[c.length - 1];
                    for (int j = 1; j < c.length; j++) {
                        v[j - 1] = Double.parseDouble(c[j]);
                    }
                    switch (c[0]) {
                        case "shrinkage" -> shrinkage = v[0];
                        case "x" -> x.add(v);
                        case "cov" -> cov.add(v);
                        default -> throw new AssertionError(line);
                    }
                }
            }
            LedoitWolf.Estimate e = LedoitWolf.fit(x.toArray(new double[0][]));
            assertEquals(shrinkage, e.shrinkage(), 1e-12, name);
            for (int a = 0; a < cov.size(); a++) {
                for (int b = 0; b < cov.size(); b++) {
                    assertEquals(cov.get(a)[b], e.covariance()[a][b], 1e-11 * (1 + Math.abs(cov.get(a)[b])), name + " cov " + a + "," + b);
                }
            }
        }
    }

    @Test
    void matchesNaivePaperFormulaOnManyShapes() {
        Random rng = new Random(5);
        int[][] shapes = {{2, 10}, {3, 3}, {5, 1}, {30, 4}, {200, 6}, {8, 20}};
        for (int[] s : shapes) {
            double[][] x = new double[s[0]][s[1]];
            for (double[] r : x) {
                for (int j = 0; j < r.length; j++) {
                    r[j] = rng.nextGaussian() * (1 + j) + (j == 0 ? 0.7 * r[r.length - 1] : 0);
                }
            }
            double[] ref = naive(x);
            LedoitWolf.Estimate e = LedoitWolf.fit(x);
            assertEquals(ref[0], e.shrinkage(), 1e-10, "shape " + s[0] + "x" + s[1]);
            int p = s[1];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    assertEquals(ref[1 + a * p + b], e.covariance()[a][b], 1e-10 * (1 + Math.abs(ref[1 + a * p + b])));
                }
            }
        }
    }

    @Test
    void oneRowGivesZeroCovarianceAndIdenticalRowsToo() {
        LedoitWolf.Estimate one = LedoitWolf.fit(new double[][] {{1, 2, 3}});
        assertEquals(0, one.shrinkage(), 0);
        assertEquals(0, one.covariance()[1][1], 0);
        assertEquals(2, one.mean()[1], 0);
    }

    /** {shrinkage, covariance row-major} from the definitions of Ledoit and Wolf (2004), loops only. */
    public static double[] naive(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] r : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] s = new double[p][p];
        for (double[] r : x) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    s[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / n;
                }
            }
        }
        double m = 0;
        for (int a = 0; a < p; a++) {
            m += s[a][a] / p;
        }
        double d2 = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double t = s[a][b] - (a == b ? m : 0);
                d2 += t * t / p;
            }
        }
        double b2bar = 0;
        for (double[] r : x) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double t = (r[a] - mean[a]) * (r[b] - mean[b]) - s[a][b];
                    b2bar += t * t / p / ((double) n * n);
                }
            }
        }
        double shrink = d2 == 0 ? 0 : Math.min(b2bar, d2) / d2;
        double[] out = new double[1 + p * p];
        out[0] = shrink;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                out[1 + a * p + b] = (1 - shrink) * s[a][b] + (a == b ? shrink * m : 0);
            }
        }
        return out;
    }
}
