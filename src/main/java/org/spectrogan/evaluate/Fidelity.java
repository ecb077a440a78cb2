package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.spectrogan.common.ZScore;
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
 * {@link #compare} sets the synthetic rows beside real held-out rows (rows the synthesizer never saw): label
 * fidelity next to the same classifier's held-out accuracy, train-on-synthetic / test-on-real next to
 * train-on-real, per-class MMD next to the real train vs held-out MMD, and nearest-neighbour distances to the
 * training rows of synthetic vs held-out rows (memorisation).
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
        ZScore z = ZScore.fit(realTrain.matrix(), ZScore.ConstantColumns.CENTRE);
        double[][] realZ = z.apply(realTrain.matrix());
        double[][] synZ = z.apply(synthetic.matrix());

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

    // ---------------------------------------------------------------------------------------------------------
    // Fidelity against real held-out rows: is a synthetic row as recognisable, as useful and as new as a real one?

    /**
     * One class's MMD^2 (unbiased, RBF kernel) in z units of the real training rows: real train vs synthetic, and
     * real train vs real held-out (what a perfect generator would score at these sample sizes), both with one
     * bandwidth, the median pairwise distance of the pooled real train and synthetic rows of the class. NaN
     * where a set has fewer than 2 rows.
     */
    public record ClassMmd(String label, int realTrainRows, int syntheticRows, int heldOutRows, double bandwidth,
                           double mmd2TrainVsSynthetic, double mmd2TrainVsHeldOut) {
    }

    /**
     * Nearest-neighbour distances (z units of the real training rows) to the real training rows: of the synthetic
     * rows and of the real held-out rows. {@code medianRatio} = synthetic median / held-out median: near 1 means
     * synthetic rows are as new as unseen real rows, far below 1 means they copy training rows.
     * {@code shareCloserThanHeldOutP5} is the share of synthetic rows nearer to a training row than 95% of the
     * held-out rows are.
     */
    public record Memorisation(double syntheticMedianDistance, double heldOutMedianDistance, double medianRatio,
                               double shareCloserThanHeldOutP5) {
    }

    /**
     * The comparison of synthetic rows with real held-out rows. Label fidelity: a classifier trained on the real
     * train rows applied to the synthetic rows (share right, and the mean per-class share), beside the same model's
     * accuracy on the real held-out rows. Train on synthetic, test on real: balanced accuracy on the held-out rows
     * of the same classifier trained on the synthetic rows only (NaN with fewer than 2 synthetic classes), beside
     * training on the real train rows; {@code syntheticOverRealRatio} is their ratio.
     */
    public record Comparison(String classifier, double labelFidelity, double labelFidelityBalanced,
                             double heldOutAccuracy, double heldOutBalancedAccuracy,
                             double trainOnSyntheticBalancedAccuracy, double trainOnRealBalancedAccuracy,
                             double syntheticOverRealRatio, List<ClassMmd> classes, Memorisation memorisation,
                             double heldOutAccuracyAtSyntheticMix, List<ClassRecognition> recognition) {
        public Comparison {
            classes = List.copyOf(classes);
            recognition = List.copyOf(recognition);
        }

        /** Without the per-class recognition (the mix-weighted held-out accuracy NaN). */
        public Comparison(String classifier, double labelFidelity, double labelFidelityBalanced,
                          double heldOutAccuracy, double heldOutBalancedAccuracy,
                          double trainOnSyntheticBalancedAccuracy, double trainOnRealBalancedAccuracy,
                          double syntheticOverRealRatio, List<ClassMmd> classes, Memorisation memorisation) {
            this(classifier, labelFidelity, labelFidelityBalanced, heldOutAccuracy, heldOutBalancedAccuracy,
                    trainOnSyntheticBalancedAccuracy, trainOnRealBalancedAccuracy, syntheticOverRealRatio, classes,
                    memorisation, Double.NaN, List.of());
        }
    }

    /**
     * One class under the classifier trained on the real train rows: {@code labelFidelity} the share of the
     * class's synthetic rows it puts in the class, {@code heldOutRecall} the share of the class's real held-out rows
     * it puts there (NaN when the set has no row of the class).
     */
    public record ClassRecognition(String label, int syntheticRows, int heldOutRows, double labelFidelity,
                                   double heldOutRecall) {
    }

    /**
     * The real held-out rows' accuracy at the synthetic rows' class mix: {@code sum_c n_c recall_c / sum_c n_c},
     * with n_c the synthetic rows of class c and recall_c the held-out rows of class c predicted right, over the
     * classes that have both synthetic and held-out rows (NaN when none has). This is what the label fidelity
     * (the share of ALL synthetic rows predicted right, {@code sum_c n_c fidelity_c / sum_c n_c}) would be if every
     * synthetic row were as recognisable as a real held-out row of its class, whatever the two sets' class mixes:
     * the fair reference for label fidelity when the synthetic rows are only of some classes (e.g. the rare stages).
     */
    public static double accuracyAtMix(List<ClassRecognition> classes) {
        return atSyntheticMix(classes, ClassRecognition::heldOutRecall);
    }

    /**
     * The label fidelity over the same classes as {@link #accuracyAtMix}: {@code sum_c n_c fidelity_c / sum_c n_c}
     * over the classes with both synthetic and held-out rows (equal to the comparison's label fidelity when every
     * synthetic class has held-out rows; NaN when none has).
     */
    public static double labelFidelityAtMix(List<ClassRecognition> classes) {
        return atSyntheticMix(classes, ClassRecognition::labelFidelity);
    }

    /** {@code sum_c n_c share_c / sum_c n_c} over the classes with synthetic and held-out rows; NaN when none has. */
    private static double atSyntheticMix(List<ClassRecognition> classes,
                                         ToDoubleFunction<ClassRecognition> share) {
        double weighted = 0;
        long n = 0;
        for (ClassRecognition c : classes) {
            if (c.syntheticRows() > 0 && c.heldOutRows() > 0) {
                weighted += c.syntheticRows() * share.applyAsDouble(c);
                n += c.syntheticRows();
            }
        }
        return n == 0 ? Double.NaN : weighted / n;
    }

    /** Per class of {@code labels}: the share right of the synthetic and of the held-out rows of the class. */
    static List<ClassRecognition> recognition(List<String> labels, String[] synTruth, String[] synPred,
                                              String[] heldTruth, String[] heldPred) {
        List<ClassRecognition> out = new ArrayList<>();
        for (String label : labels) {
            int[] syn = countRight(label, synTruth, synPred);
            int[] held = countRight(label, heldTruth, heldPred);
            out.add(new ClassRecognition(label, syn[1], held[1], syn[1] == 0 ? Double.NaN : (double) syn[0] / syn[1],
                    held[1] == 0 ? Double.NaN : (double) held[0] / held[1]));
        }
        return out;
    }

    /** {right, rows} of class {@code label}. */
    private static int[] countRight(String label, String[] truth, String[] pred) {
        int[] c = new int[2];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].equals(label)) {
                c[1]++;
                c[0] += label.equals(pred[i]) ? 1 : 0;
            }
        }
        return c;
    }

    /**
     * Computes the {@link Comparison}. {@code realTrain} is what the synthesizer saw, {@code realHeldOut} real rows
     * it did not see (e.g. the validation or test groups), {@code synthetic} its rows; {@code classifier} is fitted
     * with {@code seed}.
     */
    public static Comparison compare(FeatureTable realTrain, FeatureTable realHeldOut, FeatureTable synthetic,
                                     Classifier classifier, long seed) {
        if (synthetic.size() == 0 || realHeldOut.size() == 0 || realTrain.size() == 0) {
            throw new IllegalArgumentException("fidelity needs real train, real held-out and synthetic rows ("
                    + realTrain.size() + ", " + realHeldOut.size() + ", " + synthetic.size() + ")");
        }
        if (!realTrain.featureNames().equals(synthetic.featureNames()) || !realTrain.featureNames().equals(realHeldOut.featureNames())) {
            throw new IllegalArgumentException("real train, real held-out and synthetic tables have different feature columns");
        }
        Classifier.Fitted onReal = classifier.fit(realTrain, seed);
        String[] synTruth = truth(synthetic);
        String[] synPred = onReal.predict(synthetic);
        String[] heldTruth = truth(realHeldOut);
        String[] heldPred = onReal.predict(realHeldOut);
        double trainOnReal = ConfusionMatrix.of(heldTruth, heldPred).balancedAccuracy();
        double trainOnSynthetic = Double.NaN;
        if (synthetic.labels().size() >= 2) {
            trainOnSynthetic = ConfusionMatrix.of(heldTruth, classifier.fit(synthetic, seed).predict(realHeldOut)).balancedAccuracy();
        }

        ZScore z = ZScore.fit(realTrain.matrix(), ZScore.ConstantColumns.CENTRE);
        double[][] trainZ = z.apply(realTrain.matrix());
        double[][] synZ = z.apply(synthetic.matrix());
        double[][] heldZ = z.apply(realHeldOut.matrix());
        List<ClassMmd> classes = new ArrayList<>();
        int k = 0;
        for (String label : synthetic.labels()) {
            long s = seed + 1000L * ++k;
            double[][] r = Subsampling.atMost(rowsOf(realTrain, trainZ, label), MAX_KERNEL_ROWS, s);
            double[][] g = Subsampling.atMost(rowsOf(synthetic, synZ, label), MAX_KERNEL_ROWS, s + 1);
            double[][] h = Subsampling.atMost(rowsOf(realHeldOut, heldZ, label), MAX_KERNEL_ROWS, s + 2);
            double bw = r.length + g.length >= 2 ? medianPairwiseDistance(concat(r, g)) : Double.NaN;
            boolean ok = bw > 0;
            classes.add(new ClassMmd(label, r.length, g.length, h.length, ok ? bw : Double.NaN,
                    ok && r.length >= 2 && g.length >= 2 ? mmd2Unbiased(r, g, bw) : Double.NaN,
                    ok && r.length >= 2 && h.length >= 2 ? mmd2Unbiased(r, h, bw) : Double.NaN));
        }

        double[] synNn = nearestDistances(synZ, trainZ, seed + 7);
        double[] heldNn = nearestDistances(heldZ, trainZ, seed + 8);
        double synMedian = percentile(synNn, 50);
        double heldMedian = percentile(heldNn, 50);
        double p5 = percentile(heldNn, 5);
        int closer = 0;
        for (double d : synNn) {
            closer += d < p5 || d == 0.0 ? 1 : 0;
        }
        Memorisation memo = new Memorisation(synMedian, heldMedian, heldMedian > 0 ? synMedian / heldMedian : Double.NaN,
                (double) closer / synNn.length);
        List<String> labels = new ArrayList<>(realTrain.labels());
        for (String l : synthetic.labels()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        for (String l : realHeldOut.labels()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        List<ClassRecognition> recognition = recognition(labels, synTruth, synPred, heldTruth, heldPred);
        return new Comparison(classifier.name(), shareRight(synTruth, synPred), meanClassShareRight(synTruth, synPred),
                shareRight(heldTruth, heldPred), trainOnReal, trainOnSynthetic, trainOnReal,
                trainOnReal > 0 ? trainOnSynthetic / trainOnReal : Double.NaN, classes, memo, accuracyAtMix(recognition),
                recognition);
    }

    /**
     * A quality score of synthetic rows against real held-out rows, for choosing a generator among snapshots
     * (higher is better): {@code labelFidelityBalanced - mean_c MMD^2_c}, where label fidelity is the mean
     * per-class share of the synthetic rows that a classifier trained once on the real fit rows puts in their
     * class, and MMD^2_c the unbiased RBF MMD^2 between the synthetic and the held-out rows of class c (z units of
     * the fit rows; one bandwidth per class fixed at construction, the median pairwise distance of the class's
     * fit and held-out rows, so scores of different snapshots are comparable). Classes with fewer than 2
     * held-out rows enter the label fidelity only. Deterministic: the same rows give the same score.
     */
    public static final class QualityScore {
        private final Classifier.Fitted onFit;
        private final ZScore z;
        private final java.util.Map<String, double[][]> heldOutByClass = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, Double> bandwidthByClass = new java.util.LinkedHashMap<>();
        private final long seed;

        QualityScore(FeatureTable fit, FeatureTable heldOut, Classifier classifier, long seed) {
            if (fit.size() == 0 || heldOut.size() == 0) {
                throw new IllegalArgumentException("a quality score needs real fit and held-out rows (" + fit.size()
                        + ", " + heldOut.size() + ")");
            }
            this.onFit = classifier.fit(fit, seed);
            this.z = ZScore.fit(fit.matrix(), ZScore.ConstantColumns.CENTRE);
            this.seed = seed;
            double[][] fitZ = z.apply(fit.matrix());
            double[][] heldZ = z.apply(heldOut.matrix());
            int k = 0;
            for (String label : heldOut.labels()) {
                long s = seed + 1000L * ++k;
                double[][] h = Subsampling.atMost(rowsOf(heldOut, heldZ, label), MAX_KERNEL_ROWS, s);
                double[][] r = Subsampling.atMost(rowsOf(fit, fitZ, label), MAX_KERNEL_ROWS, s + 1);
                if (h.length < 2) {
                    continue;
                }
                double bw = medianPairwiseDistance(concat(r, h));
                if (bw > 0) {
                    heldOutByClass.put(label, h);
                    bandwidthByClass.put(label, bw);
                }
            }
        }

        /** The parts of one score. */
        public record Parts(double score, double labelFidelityBalanced, double meanMmd2) {
        }

        /** The score of {@code rows} (raw feature values, the fit rows' columns) labelled {@code labels}. */
        public Parts score(double[][] rows, String[] labels) {
            if (rows.length == 0 || rows.length != labels.length) {
                throw new IllegalArgumentException("a quality score needs one label per synthetic row (" + rows.length
                        + " rows, " + labels.length + " labels)");
            }
            double fidelity = meanClassShareRight(labels, onFit.predict(rows));
            double[][] synZ = z.apply(rows);
            double sum = 0;
            int n = 0;
            int k = 0;
            for (var e : heldOutByClass.entrySet()) {
                k++;
                List<double[]> mine = new ArrayList<>();
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i].equals(e.getKey())) {
                        mine.add(synZ[i]);
                    }
                }
                if (mine.size() < 2) {
                    continue;
                }
                double[][] g = Subsampling.atMost(mine.toArray(new double[0][]), MAX_KERNEL_ROWS, seed + 77L * k);
                sum += mmd2Unbiased(g, e.getValue(), bandwidthByClass.get(e.getKey()));
                n++;
            }
            double mmd = n == 0 ? 0 : sum / n;
            return new Parts(fidelity - mmd, fidelity, mmd);
        }
    }

    /** The {@link QualityScore} of synthetic rows against {@code heldOut}, its classifier trained on {@code fit}. */
    public static QualityScore qualityScore(FeatureTable fit, FeatureTable heldOut, Classifier classifier, long seed) {
        return new QualityScore(fit, heldOut, classifier, seed);
    }

    /** Distance from each of (at most {@link #MAX_QUERY_ROWS}, seeded sample of) {@code queries} to its nearest row of {@code rows}. */
    private static double[] nearestDistances(double[][] queries, double[][] rows, long seed) {
        int[] q = sampleIndices(queries.length, MAX_QUERY_ROWS, seed);
        double[] d = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            d[i] = nearestDistance(queries[q[i]], rows, -1);
        }
        return d;
    }

    static double shareRight(String[] truth, String[] pred) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i].equals(pred[i]) ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    /** Mean over the true classes of the share predicted right (balanced accuracy). */
    static double meanClassShareRight(String[] truth, String[] pred) {
        java.util.Map<String, int[]> m = new java.util.TreeMap<>();
        for (int i = 0; i < truth.length; i++) {
            int[] c = m.computeIfAbsent(truth[i], x -> new int[2]);
            c[0] += truth[i].equals(pred[i]) ? 1 : 0;
            c[1]++;
        }
        double s = 0;
        for (int[] c : m.values()) {
            s += (double) c[0] / c[1];
        }
        return s / m.size();
    }

    private static String[] truth(FeatureTable t) {
        String[] y = new String[t.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = t.rows().get(i).label();
        }
        return y;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
