package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spectrogan.features.FeatureTable;

/** Synthesis amounts, smoothing over neighbouring windows, and the bootstrap guard, against hand-computed values. */
class SmallPartsTest {
    @Test
    void synthesisAmounts() {
        Map<String, Integer> real = Map.of("a", 10, "b", 4);
        assertEquals(Map.of("a", 10, "b", 4), SynthesisPlan.counts(real, PipelineConfig.Synthesis.builder().optMode("ratio").optRatio(1.0).build(), 1.0));
        assertEquals(Map.of("a", 5, "b", 2), SynthesisPlan.counts(real, PipelineConfig.Synthesis.builder().optMode("ratio").optRatio(1.0).build(), 0.5));
        assertEquals(Map.of("a", 0, "b", 6), SynthesisPlan.counts(real, PipelineConfig.Synthesis.builder().optMode("balance").build(), 1.0));
        assertEquals(Map.of("a", 5, "b", 11), SynthesisPlan.counts(real, PipelineConfig.Synthesis.builder().optMode("balance").optRatio(0.5).build(), 1.0));
        assertEquals(Map.of("a", 3, "b", 0), SynthesisPlan.counts(real, PipelineConfig.Synthesis.builder().optMode("counts").optCounts(Map.of("a", 3)).build(), 1.0));
    }

    @Test
    void smoothingAveragesNeighboursOfTheSameGroupAndLabelOnly() {
        List<FeatureTable.Row> rows = new ArrayList<>();
        double[] v = {1, 2, 6, 100, 3, 5};
        String[] label = {"x", "x", "x", "y", "x", "x"};
        double[] t0 = {0, 1, 2, 3, 10, 11};
        for (int i = 0; i < v.length; i++) {
            rows.add(new FeatureTable.Row(label[i], "g", "real", t0[i], new double[] {v[i]}));
        }
        rows.add(new FeatureTable.Row("x", "h", "real", 3, new double[] {1000}));
        FeatureTable s = FeatureSmoothing.apply(new FeatureTable(List.of("f"), rows), 3);
        double[] got = s.rows().stream().mapToDouble(r -> r.values()[0]).toArray();
        // x at 0,1,2 then a gap (t0 10, 11): windows 3 -> neighbours within one step only
        assertArrayEquals(new double[] {1.5, 3, 4, 100, 4, 4, 1000}, got, 1e-12);
        assertEquals(rows.get(3).label(), s.rows().get(3).label());
    }

    @Test
    void bootstrapGuardIsZeroForIdenticalPredictionsAndPositiveForAClearGain() {
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            truth.add(i % 2 == 0 ? "a" : "b");
        }
        double[] base = new double[40];
        double[] same = new double[40];
        double[] better = new double[40];
        for (int i = 0; i < 40; i++) {
            base[i] = i < 20 ? 1 : 0;
            same[i] = base[i];
            better[i] = i < 36 ? 1 : 0;
        }
        List<String> oneGroup = java.util.Collections.nCopies(40, "g");
        assertEquals(0.0, DoNoHarm.bootstrapGainPercentile(truth, oneGroup, base, same, 1, 10.0), 1e-12);
        assertTrue(DoNoHarm.bootstrapGainPercentile(truth, oneGroup, base, better, 1, 10.0) > 20, "16 of 40 rows fixed");
    }

    @Test
    void bootstrapGuardResamplesGroupsSoAGainOnOneGroupIsNotClearlyAGain() {
        // three validation groups of 20 rows (10 per class): synthetic rows fix 12 rows of group A and break 2 rows
        // in each of groups B and C. Over rows that is +8 of 60 rows, a clear gain; over groups, one of three.
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        double[] base = new double[60];
        double[] with = new double[60];
        for (int i = 0; i < 60; i++) {
            truth.add(i % 2 == 0 ? "a" : "b");
            groups.add(i < 20 ? "A" : i < 40 ? "B" : "C");
            int k = i % 20;
            base[i] = i < 20 ? (k < 8 ? 1 : 0) : 1;
            with[i] = i < 20 ? 1 : (k < 2 ? 0 : 1);
        }
        double byRows = DoNoHarm.bootstrapGainPercentile(truth, java.util.Collections.nCopies(60, "g"), base, with, 1, 10.0);
        double byGroups = DoNoHarm.bootstrapGainPercentile(truth, groups, base, with, 1, 10.0);
        assertTrue(byRows > 0, "resampling rows: 10th percentile " + byRows);
        assertTrue(byGroups < 0, "resampling groups: 10th percentile " + byGroups);
    }
}
