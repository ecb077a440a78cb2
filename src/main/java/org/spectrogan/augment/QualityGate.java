package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.features.FeatureTable;

/**
 * Luo and Lu's selective augmentation as a filter over synthetic rows. A row of class c is dropped when
 * <ul>
 *   <li>a classifier trained on the real rows gives some other class a probability of at least
 *       {@code confidence} (the GAN drew something that looks like another class), or</li>
 *   <li>its distance to the real class-c mean, in features z-scored by the real rows, is beyond the
 *       {@code radiusPercentile} percentile of the real class-c rows' own distances (off the class's support).</li>
 * </ul>
 */
public final class QualityGate {
    /** A gate setting. {@code confidence} 1.0 and {@code radiusPercentile} 100 still drop rows beyond the farthest real row. */
    public record Level(String name, boolean enabled, double confidence, double radiusPercentile) {
        public static Level off() {
            return new Level("none", false, 1.0, 100.0);
        }
    }

    /** What the gate kept and why it dropped the rest. */
    public record Result(FeatureTable kept, int offered, int droppedByConfidence, int droppedByRadius,
                         Map<String, int[]> perClass) {
        public int dropped() {
            return droppedByConfidence + droppedByRadius;
        }
    }

    private final List<String> classNames;
    private final Classifier.Fitted classifier;
    private final double[] mean;
    private final double[] std;
    private final Map<String, double[]> centroid = new TreeMap<>();
    private final Map<String, double[]> sortedRealDistances = new TreeMap<>();

    /** Fits the gate's judge ({@code judge} trained on {@code real}) and the radii on the real rows. */
    public QualityGate(FeatureTable real, List<String> classNames, Classifier judge, long seed) {
        this.classNames = List.copyOf(classNames);
        double[][] x = real.matrix();
        this.classifier = judge.fit(real, seed);
        int d = real.featureCount();
        mean = new double[d];
        std = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / Math.max(1, x.length - 1);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = std[j] > 1e-24 ? Math.sqrt(std[j]) : 1.0;
        }
        for (String c : classNames) {
            List<double[]> rows = new ArrayList<>();
            for (FeatureTable.Row r : real.rows()) {
                if (r.label().equals(c)) {
                    rows.add(r.values());
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            double[] mu = new double[d];
            for (double[] row : rows) {
                for (int j = 0; j < d; j++) {
                    mu[j] += (row[j] - mean[j]) / std[j] / rows.size();
                }
            }
            centroid.put(c, mu);
            double[] dist = new double[rows.size()];
            for (int i = 0; i < dist.length; i++) {
                dist[i] = distance(rows.get(i), mu);
            }
            Arrays.sort(dist);
            sortedRealDistances.put(c, dist);
        }
    }

    private double distance(double[] row, double[] mu) {
        double s = 0;
        for (int j = 0; j < row.length; j++) {
            double z = (row[j] - mean[j]) / std[j] - mu[j];
            s += z * z;
        }
        return Math.sqrt(s);
    }

    /** Linear-interpolated percentile (numpy's default) of sorted values; {@code p} in [0, 100]. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The class-c radius at this level (the percentile of real class-c distances to their mean). */
    public double radius(String className, double radiusPercentile) {
        return percentile(sortedRealDistances.get(className), radiusPercentile);
    }

    /** Filters {@code synthetic} at {@code level}; with the gate off every row is kept. */
    public Result apply(FeatureTable synthetic, Level level) {
        Map<String, int[]> perClass = new TreeMap<>();
        for (String c : classNames) {
            perClass.put(c, new int[3]); // offered, dropped by confidence, dropped by radius
        }
        if (!level.enabled() || synthetic.size() == 0) {
            for (FeatureTable.Row r : synthetic.rows()) {
                perClass.computeIfAbsent(r.label(), k -> new int[3])[0]++;
            }
            return new Result(synthetic, synthetic.size(), 0, 0, perClass);
        }
        double[][] p = classifier.predictProba(synthetic.matrix());
        List<String> judged = classifier.classes();
        List<FeatureTable.Row> kept = new ArrayList<>();
        int byConf = 0;
        int byRadius = 0;
        for (int i = 0; i < synthetic.size(); i++) {
            FeatureTable.Row r = synthetic.rows().get(i);
            int[] counts = perClass.computeIfAbsent(r.label(), k -> new int[3]);
            counts[0]++;
            int own = judged.indexOf(r.label());
            double otherMax = 0;
            for (int c = 0; c < judged.size(); c++) {
                if (c != own) {
                    otherMax = Math.max(otherMax, p[i][c]);
                }
            }
            if (otherMax >= level.confidence()) {
                byConf++;
                counts[1]++;
                continue;
            }
            double[] mu = centroid.get(r.label());
            if (mu != null && distance(r.values(), mu) > radius(r.label(), level.radiusPercentile())) {
                byRadius++;
                counts[2]++;
                continue;
            }
            kept.add(r);
        }
        return new Result(new FeatureTable(synthetic.featureNames(), kept), synthetic.size(), byConf, byRadius, perClass);
    }

    /** The judge (trained on the real rows), for label fidelity in reports. */
    public Classifier.Fitted classifier() {
        return classifier;
    }
}
