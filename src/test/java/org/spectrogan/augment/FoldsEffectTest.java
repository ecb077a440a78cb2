package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.evaluate.MetricEffects;
import org.spectrogan.evaluate.TestGroupEffect;
import org.spectrogan.features.FeatureTable;

/**
 * h13i: with {@code split.folds} K the headline's interval and the per-metric table resample the test groups of
 * every fold (each group a test group once), not fold 0's alone; the table has a row per set of rows and classifier
 * with one effect per configured metric, and dataset.csv's balanced-accuracy row is the headline's effect.
 */
class FoldsEffectTest {
    @TempDir
    Path dir;

    @Test
    void everyFoldsTestGroupsAreInTheHeadlineAndTheTable() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\","
                + " \"features\": {\"kind\": \"de\"}, \"split\": {\"folds\": 3, \"seed\": 3},"
                + " \"gan\": {\"steps\": 5, \"batch\": 16}, \"force\": true,"
                + " \"synthesis\": {\"augmenter\": [\"gaussian\", \"oversample\"]},"
                + " \"validation\": {\"metric\": \"macroF1\", \"repeats\": 1},"
                + " \"evaluation\": {\"classifiers\": [\"logreg\"], \"repeats\": 2, \"fractions\": [1.0],"
                + " \"metrics\": [\"balancedAccuracy\", \"macroF1\", \"recall:c0\"]}}");
        PipelineConfig cfg = PipelineConfig.load(p);
        FeatureTable t = Tables.gaussian(3, 9, 6, 5, 1.0, 5);
        int groups = new TreeSet<>(t.rows().stream().map(FeatureTable.Row::group).toList()).size();
        Pipeline.Result r = new Pipeline(cfg, FakeGan.trainer(0), new Progress() {
        }, Map.of()).run(t, null);
        assertEquals("macroF1", r.doNoHarm().metric(), "the check judged on validation.metric");
        assertTrue(r.doNoHarm().summary().contains("macro-F1"), r.doNoHarm().summary());

        TestGroupEffect headline = r.contents().effectOnResampledTestGroups().get(0);
        assertEquals(groups, headline.testGroups(), "all " + groups + " groups, each a test group of one fold");
        assertTrue(r.split().testGroups().size() < groups, "fold 0 alone has fewer");
        assertEquals(3, headline.folds());
        assertEquals(2, headline.trials());
        assertTrue(r.notes().get(0).contains("of 3 folds"), r.notes().get(0));

        List<MetricEffects> table = r.effectsByMetric();
        assertEquals(List.of("dataset.csv", "synthetic.csv", "gaussian", "oversample"), table.stream().map(MetricEffects::rows).toList());
        for (MetricEffects e : table) {
            assertEquals(List.of("balancedAccuracy", "macroF1", "recall:c0"), e.effects().stream().map(TestGroupEffect::metric).toList());
            for (TestGroupEffect g : e.effects()) {
                assertEquals(groups, g.testGroups());
                assertTrue(g.lowPoints() <= g.meanPoints() + 1e-9 && g.meanPoints() <= g.highPoints() + 1e-9, g.text());
            }
        }
        // forced, so every fold writes its configured rows: dataset.csv's effect is the headline's and synthetic.csv's
        assertEquals(headline, table.get(0).effect("balancedAccuracy"));
        assertEquals(headline, table.get(1).effect("balancedAccuracy"));
    }
}
