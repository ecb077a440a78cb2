package org.spectrogan.augment.augmenters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

/** The registry of simple augmenters by name, and the bookkeeping they share. */
public final class Augmenters {
    /** Every name {@link #byName} knows, in the order reports list them. */
    public static final List<String> NAMES = List.of("gaussian", "smote", "mixup", "noise", "oversample", "none");

    private Augmenters() {
    }

    /** The augmenter with default settings for {@code name}; a clear error naming the known ones otherwise. */
    public static Augmenter byName(String name) {
        return switch (name == null ? "" : name.trim()) {
            case "gaussian" -> new GaussianAugmenter();
            case "smote" -> new SmoteAugmenter(SmoteAugmenter.DEFAULT_NEIGHBOURS);
            case "mixup" -> new MixupAugmenter(MixupAugmenter.DEFAULT_ALPHA);
            case "noise" -> new NoiseAugmenter(NoiseAugmenter.DEFAULT_SIGMA_Z);
            case "oversample" -> new OversampleAugmenter();
            case "none" -> new NoneAugmenter();
            default -> throw new SpectroganException("unknown augmenter '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The requested counts, checked: non-negative, and every class asked for (with a positive count) has
     * training rows. Sorted by class so every augmenter draws classes in the same order.
     */
    static Map<String, Integer> checkedCounts(FeatureTable train, Map<String, Integer> rowsPerClass) {
        Map<String, Integer> counts = new TreeMap<>(rowsPerClass);
        Map<String, Integer> have = train.countsByLabel();
        for (var e : counts.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("rows per class must be >= 0: class '" + e.getKey() + "' asks for " + e.getValue());
            }
            if (e.getValue() > 0 && !have.containsKey(e.getKey())) {
                throw new IllegalArgumentException("class '" + e.getKey() + "' has no training rows to synthesise from (classes: "
                        + String.join(", ", have.keySet()) + ")");
            }
        }
        return counts;
    }

    /** The rows of class {@code label}, in table order. */
    static double[][] rowsOf(FeatureTable t, String label) {
        List<double[]> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            if (r.label().equals(label)) {
                out.add(r.values());
            }
        }
        return out.toArray(new double[0][]);
    }

    /** A synthetic row of class {@code label}. */
    static FeatureTable.Row synthetic(String label, double[] values) {
        return new FeatureTable.Row(label, "synthetic", FeatureTable.SYNTHETIC, 0.0, values);
    }

    /** A random stream for one class: independent of the other classes' counts. */
    static SplittableRandom classRandom(long seed, String label) {
        return new SplittableRandom(seed * 1_000_003L + label.hashCode());
    }

    /** Population standard deviation per column over all rows (1 for a constant column, as ZScore's CENTRE rule divides by). */
    static double[] columnScales(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / rows.length;
            }
        }
        double[] sd = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / rows.length;
            }
        }
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sd[j]);
            sd[j] = s > 1e-12 * Math.max(1.0, Math.abs(mean[j])) ? s : 1.0;
        }
        return sd;
    }
}
