package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * How close the synthetic rows are to the real ones, in the feature space z-scored on the real training rows:
 * <ul>
 *   <li>per class, the unbiased MMD^2 with an RBF kernel between real and synthetic rows, next to the MMD^2
 *       between two random halves of the real rows (what "as close as real data gets" looks like at that
 *       sample size); both with the same bandwidth, the median pairwise distance of the real class rows;</li>
 *   <li>label fidelity: the share of synthetic rows a classifier trained on the real rows puts in their class;</li>
 *   <li>memorisation: the share of synthetic rows whose nearest real training row is nearer than the 1st
 *       percentile of the real rows' nearest-neighbour distances (or is an exact copy);</li>
 *   <li>diversity: mean pairwise distance of synthetic rows over that of real rows, per class (near 1 is
 *       good, far below 1 is mode collapse);</li>
 *   <li>structure: per class, the synthetic rows' variance along the first {@link #PRINCIPAL_AXES} principal
 *       axes of all real rows over the real class rows' variance there. Near 1 when the generator keeps the
 *       correlations between features; far below 1 when it spreads its variance over the wrong directions
 *       (e.g. independent features), which MMD with a median-heuristic kernel barely sees in high dimension.</li>
 * </ul>
 * Large sets are subsampled at random (seeded) to {@link #MAX_KERNEL_ROWS} rows per set for MMD and
 * diversity, and to {@link #MAX_QUERY_ROWS} query rows for the nearest-neighbour searches (which always
 * search all real rows).
 */
public final class Fidelity {
    public static final int MAX_KERNEL_ROWS = 600;
    public static final int MAX_QUERY_ROWS = 1000;
    public static final int PRINCIPAL_AXES = 5;

    private Fidelity() {
    }

    /** One class's figures; NaN where a set is too small (MMD needs 2 rows per set, halves need 4 real rows). */
    public record ClassFidelity(String label, int realRows, int syntheticRows, double bandwidth,
                                double mmd2RealVsSynthetic, double mmd2RealVsReal, double labelFidelity,
                                double memorisedShare, double realMeanDistance, double syntheticMeanDistance,
                                double diversityRatio, double principalVarianceRatio) {
    }

    /** All fidelity figures; overall values pool the synthetic rows of every class. */
    public record Result(String space, String labelFidelityClassifier, double labelFidelity,
                         double memorisationThreshold, double memorisedShare, List<ClassFidelity> classes) {
        public Result {
            classes = List.copyOf(classes);
        }
    }

    /**
     * Computes every figure. {@code labeller} is trained on {@code realTrain} (with {@code seed}) to judge the
     * synthetic rows' labels.
     */
    public static Result evaluate(FeatureTable realTrain, FeatureTable synthetic, Classifier labeller, long seed) {
        if (synthetic.size() == 0) {
            throw new IllegalArgumentException("no synthetic rows to judge");
        }
        if (!realTrain.featureNames().equals(synthetic.featureNames())) {
            throw new IllegalArgumentException("real and synthetic tables have different feature columns");
        }
        Standardizer z = Standardizer.fit(realTrain);
        double[][] realZ = z.apply(realTrain);
        double[][] synZ = z.apply(synthetic);

        // label fidelity
        Classifier.Fitted model = labeller.fit(realTrain, seed);
        String[] predicted = model.predict(synthetic);
        boolean[] rightLabel = new boolean[predicted.length];
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            rightLabel[i] = predicted[i].equals(synthetic.rows().get(i).label());
            right += rightLabel[i] ? 1 : 0;
        }

        // memorisation: threshold from real-real nearest neighbours (query sample vs all real rows)
        int[] realQuery = sampleIndices(realZ.length, MAX_QUERY_ROWS, seed + 1);
        double[] realNn = new double[realQuery.length];
        for (int k = 0; k < realQuery.length; k++) {
            realNn[k] = nearestDistance(realZ[realQuery[k]], realZ, realQuery[k]);
        }
        double threshold = realNn.length == 0 ? 0 : percentile(realNn, 1.0);
        int[] synQuery = sampleIndices(synZ.length, MAX_QUERY_ROWS, seed + 2);
        boolean[] memorised = new boolean[synZ.length];
        boolean[] queried = new boolean[synZ.length];
        int memo = 0;
        for (int i : synQuery) {
            double d = nearestDistance(synZ[i], realZ, -1);
            queried[i] = true;
            memorised[i] = d < threshold || d == 0.0;
            memo += memorised[i] ? 1 : 0;
        }

        Pca axes = realZ.length >= 2 ? Pca.fit(realZ, Math.min(PRINCIPAL_AXES, realZ[0].length)) : null;

        List<ClassFidelity> classes = new ArrayList<>();
        List<String> labels = new ArrayList<>(realTrain.labels());
        for (String l : synthetic.labels()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        int classIndex = 0;
        for (String label : labels) {
            long classSeed = seed + 1000L * ++classIndex;
            double[][] r = rowsOf(realTrain, realZ, label);
            double[][] s = rowsOf(synthetic, synZ, label);
            int rightInClass = 0;
            int memorisedInClass = 0;
            int queriedInClass = 0;
            for (int i = 0; i < synZ.length; i++) {
                if (synthetic.rows().get(i).label().equals(label)) {
                    rightInClass += rightLabel[i] ? 1 : 0;
                    if (queried[i]) {
                        queriedInClass++;
                        memorisedInClass += memorised[i] ? 1 : 0;
                    }
                }
            }
            double[][] rk = Subsampling.atMost(r, MAX_KERNEL_ROWS, classSeed);
            double[][] sk = Subsampling.atMost(s, MAX_KERNEL_ROWS, classSeed + 1);
            double h = rk.length >= 2 ? medianPairwiseDistance(rk) : Double.NaN;
            if (!(h > 0)) {
                h = Double.NaN;
            }
            double mmdRs = rk.length >= 2 && sk.length >= 2 && !Double.isNaN(h) ? mmd2Unbiased(rk, sk, h) : Double.NaN;
            double mmdRr = Double.NaN;
            if (r.length >= 4 && !Double.isNaN(h)) {
                double[][][] halves = Subsampling.halves(Subsampling.atMost(r, 2 * MAX_KERNEL_ROWS, classSeed + 2), classSeed + 3);
                mmdRr = mmd2Unbiased(halves[0], halves[1], h);
            }
            double dr = rk.length >= 2 ? meanPairwiseDistance(rk) : Double.NaN;
            double ds = sk.length >= 2 ? meanPairwiseDistance(sk) : Double.NaN;
            classes.add(new ClassFidelity(label, r.length, s.length, h, mmdRs, mmdRr,
                    s.length == 0 ? Double.NaN : (double) rightInClass / s.length,
                    queriedInClass == 0 ? Double.NaN : (double) memorisedInClass / queriedInClass, dr, ds, dr > 0 ? ds / dr : Double.NaN,
                    principalVarianceRatio(axes, r, s)));
        }
        return new Result("features z-scored on the real training rows", labeller.name(),
                (double) right / predicted.length, threshold, (double) memo / synQuery.length, classes);
    }

    /** Total variance of {@code s} over that of {@code r} along the PCA axes (NaN when either has < 2 rows). */
    static double principalVarianceRatio(Pca axes, double[][] r, double[][] s) {
        if (axes == null || r.length < 2 || s.length < 2) {
            return Double.NaN;
        }
        double vr = projectedVariance(axes.project(r));
        double vs = projectedVariance(axes.project(s));
        return vr > 0 ? vs / vr : Double.NaN;
    }

    private static double projectedVariance(double[][] p) {
        int k = p[0].length;
        double total = 0;
        for (int j = 0; j < k; j++) {
            double m = 0;
            for (double[] row : p) {
                m += row[j];
            }
            m /= p.length;
            double v = 0;
            for (double[] row : p) {
                v += (row[j] - m) * (row[j] - m);
            }
            total += v / (p.length - 1);
        }
        return total;
    }

    /**
     * Unbiased estimate of MMD^2 between samples {@code x} and {@code y} (each at least 2 rows) with the kernel
     * k(a, b) = exp(-|a - b|^2 / (2 h^2)): mean of k over distinct pairs within x, plus the same within y,
     * minus twice the mean over all cross pairs. Can be slightly negative when the distributions agree.
     */
    public static double mmd2Unbiased(double[][] x, double[][] y, double bandwidth) {
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("MMD needs at least 2 rows per sample (" + x.length + ", " + y.length + ")");
        }
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive: " + bandwidth);
        }
        double gamma = 1.0 / (2 * bandwidth * bandwidth);
        double kxx = withinMean(x, gamma);
        double kyy = withinMean(y, gamma);
        double kxy = 0;
        for (double[] a : x) {
            for (double[] b : y) {
                kxy += Math.exp(-gamma * squaredDistance(a, b));
            }
        }
        kxy /= (double) x.length * y.length;
        return kxx + kyy - 2 * kxy;
    }

    private static double withinMean(double[][] x, double gamma) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                s += Math.exp(-gamma * squaredDistance(x[i], x[j]));
            }
        }
        return 2 * s / ((double) x.length * (x.length - 1));
    }

    /** Median of the Euclidean distances over distinct pairs of rows (the median heuristic bandwidth). */
    public static double medianPairwiseDistance(double[][] x) {
        int n = x.length;
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[k++] = Math.sqrt(squaredDistance(x[i], x[j]));
            }
        }
        return percentile(d, 50.0);
    }

    /** Mean Euclidean distance over distinct pairs of rows. */
    public static double meanPairwiseDistance(double[][] x) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                s += Math.sqrt(squaredDistance(x[i], x[j]));
                n++;
            }
        }
        return s / n;
    }

    /**
     * Share of {@code synthetic} rows whose nearest {@code real} row is nearer than the 1st percentile of the
     * real rows' own nearest-neighbour distances, or is an exact copy. All rows, no sampling.
     */
    public static double memorisedShare(double[][] real, double[][] synthetic) {
        double[] nn = new double[real.length];
        for (int i = 0; i < real.length; i++) {
            nn[i] = nearestDistance(real[i], real, i);
        }
        double threshold = percentile(nn, 1.0);
        int m = 0;
        for (double[] s : synthetic) {
            double d = nearestDistance(s, real, -1);
            m += d < threshold || d == 0.0 ? 1 : 0;
        }
        return (double) m / synthetic.length;
    }

    /** Euclidean distance from {@code q} to its nearest row of {@code rows}, skipping index {@code skip}. */
    static double nearestDistance(double[] q, double[][] rows, int skip) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows.length; i++) {
            if (i == skip) {
                continue;
            }
            double[] r = rows[i];
            double s = 0;
            for (int j = 0; j < q.length && s < best; j++) {
                double e = q[j] - r[j];
                s += e * e;
            }
            if (s < best) {
                best = s;
            }
        }
        return Math.sqrt(best);
    }

    /** The p-th percentile (0..100) with linear interpolation between order statistics (numpy's default). */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = p / 100.0 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
        }
        return s;
    }

    private static double[][] rowsOf(FeatureTable table, double[][] z, String label) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            if (table.rows().get(i).label().equals(label)) {
                out.add(z[i]);
            }
        }
        return out.toArray(new double[0][]);
    }

    private static int[] sampleIndices(int n, int max, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        if (n > max) {
            Subsampling.shuffle(idx, new java.util.SplittableRandom(seed));
            idx = new ArrayList<>(idx.subList(0, max));
            idx.sort(null);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}
