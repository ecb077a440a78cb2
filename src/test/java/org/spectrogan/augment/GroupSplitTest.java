package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;

class GroupSplitTest {
    @Test
    void holdOutKeepsGroupsWholeAndEveryClassOnBothSides() {
        for (long seed = 0; seed < 30; seed++) {
            FeatureTable t = Tables.gaussian(3, 4 + (int) (seed % 7), 5, 4, 1.0, seed);
            GroupSplit.Parts p = GroupSplit.holdOut(t, 0.3, seed, "test");
            Set<String> both = new HashSet<>(p.trainGroups());
            both.retainAll(p.heldOutGroups());
            assertTrue(both.isEmpty(), "a group on both sides: " + both);
            assertEquals(t.size(), p.train(t).size() + p.heldOut(t).size());
            assertEquals(t.labels(), p.train(t).labels());
            assertEquals(t.labels(), p.heldOut(t).labels());
            double share = p.heldOut(t).size() / (double) t.size();
            assertTrue(share > 0.1 && share < 0.55, "held-out share " + share);
        }
    }

    @Test
    void sameSeedSameSplit() {
        FeatureTable t = Tables.gaussian(2, 10, 3, 2, 1.0, 1);
        assertEquals(GroupSplit.holdOut(t, 0.25, 5, "x"), GroupSplit.holdOut(t, 0.25, 5, "x"));
    }

    @Test
    void foldsCoverEveryGroupOnce() {
        FeatureTable t = Tables.gaussian(2, 9, 3, 2, 1.0, 3);
        List<GroupSplit.Parts> folds = GroupSplit.folds(t, 3, 7, "x");
        List<String> all = new ArrayList<>();
        for (GroupSplit.Parts p : folds) {
            all.addAll(p.heldOutGroups());
            assertEquals(t.labels(), p.heldOut(t).labels());
        }
        assertEquals(9, all.size());
        assertEquals(9, new HashSet<>(all).size());
    }

    @Test
    void aClassWithOneGroupIsAClearError() {
        List<FeatureTable.Row> rows = new ArrayList<>(Tables.gaussian(2, 4, 3, 2, 1.0, 1).rows());
        rows.add(new FeatureTable.Row("lonely", "g0", "real", 0, new double[] {0, 0}));
        FeatureTable t = new FeatureTable(List.of("f0", "f1"), rows);
        SpectroganException e = assertThrows(SpectroganException.class, () -> GroupSplit.holdOut(t, 0.25, 1, "the split"));
        assertTrue(e.getMessage().contains("class 'lonely' has 1 group"), e.getMessage());
    }

    @Test
    void timeBlocksDropWindowsThatCrossABlockEdge() {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            rows.add(new FeatureTable.Row(s < 15 ? "a" : "b", "rec", "real", s, new double[] {s}));
        }
        FeatureTable t = GroupSplit.timeBlocks(new FeatureTable(List.of("x"), rows), 10, 2, false);
        // windows of 2 s every 1 s in blocks of 10 s: starts 9, 19, 29 cross an edge
        assertEquals(27, t.size());
        for (FeatureTable.Row r : t.rows()) {
            long block = (long) Math.floor(r.t0() / 10);
            assertEquals("rec#b000" + block, r.group());
            assertTrue(r.t0() + 2 <= (block + 1) * 10);
        }
        // no two windows of different blocks overlap in time
        for (FeatureTable.Row a : t.rows()) {
            for (FeatureTable.Row b : t.rows()) {
                if (!a.group().equals(b.group())) {
                    assertFalse(a.t0() < b.t0() + 2 && b.t0() < a.t0() + 2, a.t0() + " overlaps " + b.t0());
                }
            }
        }
    }
}
