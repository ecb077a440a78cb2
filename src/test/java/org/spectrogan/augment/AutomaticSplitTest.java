package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** A pipeline that sets neither split.testFraction nor split.folds: 5 group folds with >= 10 groups per class. */
class AutomaticSplitTest {
    @TempDir
    Path dir;

    PipelineConfig config(String split) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"}"
                + split + "}");
        return PipelineConfig.load(p);
    }

    @Test
    void tenGroupsPerClassGiveFiveFoldsThatTestEveryGroupOnce() throws Exception {
        FeatureTable t = Tables.gaussian(2, 10, 3, 4, 1.0, 1);
        List<GroupSplit.Parts> splits = Pipeline.testSplits(t, config(""));
        assertEquals(5, splits.size());
        Set<String> tested = new HashSet<>();
        int rows = 0;
        for (GroupSplit.Parts p : splits) {
            for (String g : p.heldOutGroups()) {
                assertTrue(tested.add(g), "group " + g + " tested twice");
            }
            rows += p.heldOut(t).size();
        }
        assertEquals(10, tested.size());
        assertEquals(t.size(), rows, "every row is tested in exactly one fold");
        assertTrue(Pipeline.automaticSplitNote(t, config("")).contains("5 group folds"));
    }

    @Test
    void fewerGroupsKeepOneTestFractionAndAnExplicitSplitIsKept() throws Exception {
        FeatureTable t = Tables.gaussian(2, 9, 3, 4, 1.0, 1);
        assertEquals(1, Pipeline.testSplits(t, config("")).size());
        assertTrue(Pipeline.automaticSplitNote(t, config("")).contains("only 9 groups"));
        FeatureTable many = Tables.gaussian(2, 12, 3, 4, 1.0, 1);
        PipelineConfig fixed = config(", \"split\": {\"testFraction\": 0.25}");
        assertEquals(1, Pipeline.testSplits(many, fixed).size());
        assertNull(Pipeline.automaticSplitNote(many, fixed));
        assertEquals(3, Pipeline.testSplits(many, config(", \"split\": {\"folds\": 3}")).size());
    }
}
