package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** The ceiling of {@code spectrogan evaluate}'s sweep: held-back real rows in place of the fixed synthetic rows. */
class EvaluationCeilingTest {
    private static Set<FeatureTable.Row> identities(FeatureTable t) {
        Set<FeatureTable.Row> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(t.rows());
        return s;
    }

    @Test
    void eachCeilingTrialAddsAsManyHeldBackRealRowsPerClassAsItsSyntheticRowsCappedAtWhatIsLeft(@TempDir Path dir) {
        // 40 real train rows per class; at 25% the subset has 10, so 30 per class are held back. Each trial draws
        // half of the synthetic rows: 15 of c0 (fewer than 30: exactly 15 held-back rows) and 40 of c1 (capped at 30).
        FeatureTable train = Blobs.make(2, 40, 3, 2.0, FeatureTable.REAL, 4, 61);
        FeatureTable test = Blobs.make(2, 20, 3, 2.0, FeatureTable.REAL, 2, 62);
        FeatureTable synth = Blobs.make(2, 80, 3, 2.0, FeatureTable.SYNTHETIC, 1, 63)
                .filter(r -> r.label().equals("c1") || r.t0() < 30);
        assertEquals(Map.of("c0", 30, "c1", 80), synth.countsByLabel());
        RecordingClassifier rec = new RecordingClassifier("logreg");
        int repeats = 3;
        Evaluation.Options o = new Evaluation.Options(List.of(rec), repeats, 0.5, 7, List.of(0.25), Classifiers.byName("logreg"));
        // the recording classifier names each fit by the progress line before it, so the fits run one after another
        Evaluation.Result result = org.spectrogan.common.Workers.oneAfterAnother(() -> Evaluation.run(train, synth, test, o, s -> rec.step = s));
        Report report = ReportWriter.write(dir, Report.builder().setTitle("t"), result,
                new ReportWriter.PlotRows(train, synth));

        Set<FeatureTable.Row> trainRows = identities(train);
        Set<FeatureTable.Row> testRows = identities(test);
        for (int t = 1; t <= repeats; t++) {
            String trial = "logreg trial " + t + "/" + repeats + " ";
            FeatureTable subset = rec.fitAfter("25%: " + trial + "real only");
            FeatureTable withSynthetic = rec.fitAfter("25%: " + trial + "real + synthetic");
            FeatureTable withHeldBack = rec.fitAfter("25%: ceiling " + trial + "real + synthetic");
            // the ceiling's real-only model is the sweep trial's (same subset, seed and test rows): not fitted again
            assertFalse(rec.steps.contains("25%: ceiling " + trial + "real only"), rec.steps.toString());
            assertEquals(Map.of("c0", 10, "c1", 10), subset.countsByLabel());
            Map<String, Integer> synthetic = withSynthetic.filter(r -> r.source().equals(FeatureTable.SYNTHETIC)).countsByLabel();
            assertEquals(Map.of("c0", 15, "c1", 40), synthetic);

            Set<FeatureTable.Row> inSubset = identities(subset);
            FeatureTable extra = withHeldBack.filter(r -> !inSubset.contains(r));
            assertEquals(subset.size() + extra.size(), withHeldBack.size(), "the subset is in the ceiling's training set");
            assertEquals(subset.rows(), withHeldBack.rows().subList(0, subset.size()), "the ceiling uses the trial's own subset, first");
            assertEquals(Map.of("c0", 15, "c1", 30), extra.countsByLabel(), "as many as the synthetic rows, capped at the 30 left");
            for (FeatureTable.Row r : extra.rows()) {
                assertTrue(trainRows.contains(r), "a held-back row is a real train row");
                assertFalse(testRows.contains(r), "a held-back row is never a test row");
                assertEquals(FeatureTable.REAL, r.source());
            }
        }
        LowDataSweep.Point p = report.sweep().get(0);
        assertEquals(1, p.ceiling().size());
        assertEquals(45.0, p.meanCeilingRows(), 0);
        assertEquals(55.0, p.meanCeilingRowsAsked(), 0);
        assertEquals(repeats, p.ceilingCappedTrials());
        assertTrue(p.ceilingLine(p.ceiling().get(0)).contains("45 held-back real rows instead of synthetic ones, 55 asked for: capped"),
                p.ceilingLine(p.ceiling().get(0)));
        String md = ReportWriter.toMarkdown(report);
        assertTrue(md.contains("(45 rows) |"), md);
        assertTrue(md.contains("Ceiling at 25% capped: in 3 trial(s) fewer real rows were left outside the subset than asked for (55 asked, 45 used on average)."), md);
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Ceiling (low-data sweep)")), report.notes().toString());
        // per trial: the gain's 3 fits; the sweep's 2 (its synthetic-only fit is the gain trial's: the same seed draws
        // the same share of the fixed synthetic rows); the ceiling's 2 (its real-only fit is the sweep trial's)
        assertEquals(repeats * (3 + 2 + 2), rec.fits.size(), rec.steps.toString());
        for (int t = 1; t <= repeats; t++) {
            assertFalse(rec.steps.contains("25%: logreg trial " + t + "/" + repeats + " synthetic only"), rec.steps.toString());
        }
        assertEquals(Evaluation.fitCount(o, true), rec.fits.size() + 1, "progress total counts the ceiling's fits");
    }

    @Test
    void ceilingShowsWhatHeldBackRealRowsAddWhereUninformativeSyntheticRowsAddNothing(@TempDir Path dir) throws Exception {
        // overlapping classes in 20 dims: 8 real rows per class train a poor model; 40 more real rows per class a
        // better one, while 40 synthetic rows per class with no class signal (separation 0) cannot help
        FeatureTable train = Blobs.make(2, 80, 20, 1.0, FeatureTable.REAL, 4, 51);
        FeatureTable test = Blobs.make(2, 200, 20, 1.0, FeatureTable.REAL, 4, 52);
        FeatureTable noise = Blobs.make(2, 40, 20, 0.0, FeatureTable.SYNTHETIC, 1, 53);
        Evaluation.Options o = new Evaluation.Options(List.of(Classifiers.byName("logreg")), 5, 1.0, 3, List.of(0.1, 1.0),
                Classifiers.byName("logreg"));
        Report report = ReportWriter.write(dir, Report.builder().setTitle("t"), Evaluation.run(train, noise, test, o, s -> { }),
                new ReportWriter.PlotRows(train, noise));
        LowDataSweep.Point low = report.sweep().get(0);
        assertEquals(80.0, low.meanSyntheticRows(), 0);
        assertEquals(80.0, low.meanCeilingRows(), 0, "40 held-back real rows per class, none capped");
        assertEquals(0, low.ceilingCappedTrials());
        Summary ceiling = low.ceiling().get(0).gain().get(Metric.BALANCED_ACCURACY);
        Summary gain = low.classifiers().get(0).gain().get(Metric.BALANCED_ACCURACY);
        assertTrue(ceiling.aboveZero() && ceiling.mean() > 0.05, "ceiling " + ceiling);
        assertTrue(ceiling.mean() > gain.mean() + 0.05, "ceiling " + ceiling + " vs uninformative synthetic rows " + gain);
        assertEquals(low.classifiers().get(0).real().get(Metric.BALANCED_ACCURACY).mean(),
                low.ceiling().get(0).real().get(Metric.BALANCED_ACCURACY).mean(), 1e-12, "same subsets and seeds");
        assertTrue(report.sweep().get(1).ceiling().isEmpty(), "nothing is held back at 100%");
        assertTrue(Files.size(dir.resolve(Plots.SWEEP)) > 0);

        Evaluation.Options off = new Evaluation.Options(o.classifiers(), 5, 1.0, 3, List.of(0.1, 1.0), o.labeller(), false);
        Evaluation.Result without = Evaluation.run(train, noise, test, off, s -> { });
        assertTrue(without.sweep().stream().allMatch(p -> p.ceiling().isEmpty()), "no ceiling when switched off");
        assertEquals(low.classifiers(), without.sweep().get(0).classifiers(), "the ceiling does not change the sweep's gain");
        assertTrue(without.notes().stream().noneMatch(n -> n.startsWith("Ceiling")));
    }
}
