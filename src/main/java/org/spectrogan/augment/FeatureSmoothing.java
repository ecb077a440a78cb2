package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.features.FeatureTable;

/**
 * Smoothing of features over neighbouring windows: each row becomes the mean of the rows of the same group and
 * label within {@code windows / 2} window steps of it (centred moving average). Neighbours never cross a group,
 * so the group split stays leak-free; a gap in time (more than the typical step) stops the average.
 */
public final class FeatureSmoothing {
    private FeatureSmoothing() {
    }

    /** {@code windows} <= 1 returns the table unchanged. Row order is kept. */
    public static FeatureTable apply(FeatureTable t, int windows) {
        if (windows <= 1 || t.size() == 0) {
            return t;
        }
        int half = windows / 2;
        Map<String, List<Integer>> runs = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            FeatureTable.Row r = t.rows().get(i);
            runs.computeIfAbsent(r.group() + "\u0000" + r.label(), k -> new ArrayList<>()).add(i);
        }
        FeatureTable.Row[] out = new FeatureTable.Row[t.size()];
        int d = t.featureCount();
        for (List<Integer> idx : runs.values()) {
            idx.sort(Comparator.comparingDouble(i -> t.rows().get(i).t0()));
            double step = medianStep(t, idx);
            for (int a = 0; a < idx.size(); a++) {
                FeatureTable.Row r = t.rows().get(idx.get(a));
                double[] sum = r.values().clone();
                int n = 1;
                for (int b = Math.max(0, a - half); b <= Math.min(idx.size() - 1, a + half); b++) {
                    if (b == a) {
                        continue;
                    }
                    FeatureTable.Row q = t.rows().get(idx.get(b));
                    if (Math.abs(q.t0() - r.t0()) <= Math.abs(b - a) * step * 1.01 + 1e-9) {
                        for (int j = 0; j < d; j++) {
                            sum[j] += q.values()[j];
                        }
                        n++;
                    }
                }
                for (int j = 0; j < d; j++) {
                    sum[j] /= n;
                }
                out[idx.get(a)] = new FeatureTable.Row(r.label(), r.group(), r.source(), r.t0(), sum);
            }
        }
        return new FeatureTable(t.featureNames(), Arrays.asList(out));
    }

    private static double medianStep(FeatureTable t, List<Integer> idx) {
        if (idx.size() < 2) {
            return 0;
        }
        double[] gaps = new double[idx.size() - 1];
        for (int i = 1; i < idx.size(); i++) {
            gaps[i - 1] = t.rows().get(idx.get(i)).t0() - t.rows().get(idx.get(i - 1)).t0();
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }
}
