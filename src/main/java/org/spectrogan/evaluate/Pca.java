package org.spectrogan.evaluate;

/**
 * Principal component analysis: the covariance matrix of the rows (divided by n - 1), its eigenvectors by
 * cyclic Jacobi rotations ({@link #symmetricEigen}), the leading {@code k} as components. Signs are fixed so
 * each component's largest-magnitude entry is positive.
 */
public final class Pca {
    private final double[] mean;
    private final double[][] components; // k x d
    private final double[] variances;    // k
    private final double totalVariance;

    private Pca(double[] mean, double[][] components, double[] variances, double totalVariance) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
        this.totalVariance = totalVariance;
    }

    /** Fits {@code k} components to {@code rows} (at least 2 rows, k <= features). */
    public static Pca fit(double[][] rows, int k) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        }
        int d = rows[0].length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("cannot take " + k + " components of " + d + " features");
        }
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                c[j] = r[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = c[a];
                double[] row = cov[a];
                for (int b = a; b < d; b++) {
                    row[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        double total = 0;
        for (int a = 0; a < d; a++) {
            total += cov[a][a];
        }
        Eigen e = symmetricEigen(cov);
        double[][] comps = new double[k][];
        double[] vars = new double[k];
        for (int i = 0; i < k; i++) {
            comps[i] = e.vectors()[i];
            vars[i] = e.values()[i];
        }
        return new Pca(mean, comps, vars, total);
    }

    /** The projection of one row onto the components. */
    public double[] project(double[] row) {
        double[] out = new double[components.length];
        for (int i = 0; i < components.length; i++) {
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += (row[j] - mean[j]) * components[i][j];
            }
            out[i] = s;
        }
        return out;
    }

    public double[][] project(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = project(rows[i]);
        }
        return out;
    }

    /** Component {@code i} (unit length, over the features). */
    public double[] component(int i) {
        return components[i].clone();
    }

    /** Variance of the rows along component {@code i}. */
    public double variance(int i) {
        return variances[i];
    }

    /** Share of the total variance along component {@code i}. */
    public double explainedShare(int i) {
        return totalVariance > 0 ? variances[i] / totalVariance : 0;
    }

    /** Eigenvalues in decreasing order and the matching unit eigenvectors ({@code vectors[i]} is the i-th). */
    public record Eigen(double[] values, double[][] vectors) {
    }

    /** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (to 1e-12 relative off-diagonal). */
    public static Eigen symmetricEigen(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (symmetric[i].length != n) {
                throw new IllegalArgumentException("matrix is not square");
            }
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                scale += a[i][j] * a[i][j];
            }
        }
        double tol = 1e-24 * Math.max(scale, Double.MIN_NORMAL);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= tol) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cs = 1 / Math.sqrt(t * t + 1);
                    double sn = t * cs;
                    rotateColumns(a, p, q, cs, sn);
                    double[] rowP = a[p];
                    double[] rowQ = a[q];
                    for (int k = 0; k < n; k++) {
                        double apk = rowP[k];
                        double aqk = rowQ[k];
                        rowP[k] = cs * apk - sn * aqk;
                        rowQ[k] = sn * apk + cs * aqk;
                    }
                    rotateColumns(v, p, q, cs, sn);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            int col = order[i];
            values[i] = a[col][col];
            int big = 0;
            for (int k = 0; k < n; k++) {
                vectors[i][k] = v[k][col];
                if (Math.abs(v[k][col]) > Math.abs(v[big][col])) {
                    big = k;
                }
            }
            if (vectors[i][big] < 0) {
                for (int k = 0; k < n; k++) {
                    vectors[i][k] = -vectors[i][k];
                }
            }
        }
        return new Eigen(values, vectors);
    }

    /** Columns p and q of {@code m} rotated by the Jacobi rotation (cos, sin) = (cs, sn). */
    private static void rotateColumns(double[][] m, int p, int q, double cs, double sn) {
        for (double[] row : m) {
            double mp = row[p];
            double mq = row[q];
            row[p] = cs * mp - sn * mq;
            row[q] = sn * mp + cs * mq;
        }
    }
}
