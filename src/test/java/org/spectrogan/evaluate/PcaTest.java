package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jacobi eigen-decomposition and PCA against known cases. */
class PcaTest {
    @Test
    void eigenOfKnownMatrices() {
        Pca.Eigen e = Pca.symmetricEigen(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-12);
        double r = Math.sqrt(0.5);
        assertArrayEquals(new double[] {r, r}, e.vectors()[0], 1e-12);
        // [[4,1,0],[1,4,1],[0,1,4]]: eigenvalues 4 + sqrt2, 4, 4 - sqrt2; first vector (1, sqrt2, 1)/2
        Pca.Eigen t = Pca.symmetricEigen(new double[][] {{4, 1, 0}, {1, 4, 1}, {0, 1, 4}});
        assertArrayEquals(new double[] {4 + Math.sqrt(2), 4, 4 - Math.sqrt(2)}, t.values(), 1e-12);
        assertArrayEquals(new double[] {0.5, Math.sqrt(2) / 2, 0.5}, t.vectors()[0], 1e-12);
        assertArrayEquals(new double[] {r, 0, -r}, t.vectors()[1], 1e-12);
    }

    @Test
    void randomSymmetricMatrixIsReconstructed() {
        Random rng = new Random(4);
        int n = 30;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m[i][j] = m[j][i] = rng.nextGaussian();
            }
        }
        Pca.Eigen e = Pca.symmetricEigen(m);
        for (int i = 0; i < n; i++) {
            // M v = lambda v
            for (int a = 0; a < n; a++) {
                double mv = 0;
                for (int b = 0; b < n; b++) {
                    mv += m[a][b] * e.vectors()[i][b];
                }
                assertEquals(e.values()[i] * e.vectors()[i][a], mv, 1e-9);
            }
            if (i > 0) {
                assertTrue(e.values()[i - 1] >= e.values()[i]);
            }
        }
    }

    @Test
    void pcaFindsTheDirectionOfGreatestSpread() {
        Random rng = new Random(9);
        double[] u = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};
        double[] w = {1 / Math.sqrt(2), -1 / Math.sqrt(2), 0};
        double[][] x = new double[4000][3];
        for (int i = 0; i < x.length; i++) {
            double a = 3 * rng.nextGaussian();
            double b = 1 * rng.nextGaussian();
            double c = 0.1 * rng.nextGaussian();
            for (int j = 0; j < 3; j++) {
                x[i][j] = 5 + a * u[j] + b * w[j] + c * (j == 2 ? Math.sqrt(2.0 / 3) : -1 / Math.sqrt(6));
            }
        }
        Pca p = Pca.fit(x, 2);
        assertArrayEquals(u, p.component(0), 0.01);
        double[] w1 = p.component(1);
        double sign = Math.signum(w1[0]);
        assertEquals(w[0], sign * w1[0], 0.02);
        assertEquals(w[1], sign * w1[1], 0.02);
        assertEquals(9.0, p.variance(0), 0.5);
        assertEquals(1.0, p.variance(1), 0.08);
        assertEquals(9.0 / 10.01, p.explainedShare(0), 0.02);
        double[] mid = p.project(new double[] {5, 5, 5});
        assertEquals(0.0, mid[0], 0.1);
    }
}
