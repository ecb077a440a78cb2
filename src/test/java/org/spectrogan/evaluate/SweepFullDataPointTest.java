package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** {@code evaluate}'s sweep at 100% is the full-data comparison itself: the same trials, the same figures. */
class SweepFullDataPointTest {
    @Test
    void theSweepsHundredPercentRowIsTheFullDataGain(@TempDir Path dir) throws Exception {
        FeatureTable train = Blobs.make(2, 30, 3, 1.0, FeatureTable.REAL, 4, 71);
        FeatureTable test = Blobs.make(2, 20, 3, 1.0, FeatureTable.REAL, 2, 72);
        FeatureTable synth = Blobs.make(2, 30, 3, 1.0, FeatureTable.SYNTHETIC, 1, 73);
        List<String> steps = new ArrayList<>();
        Evaluation.Options o = new Evaluation.Options(List.of(Classifiers.byName("logreg")), 5, 0.8, 7, List.of(0.5, 1.0),
                Classifiers.byName("logreg"), false);
        Report r = ReportWriter.write(dir, Report.builder().setTitle("t"), Evaluation.run(train, synth, test, o, steps::add),
                new ReportWriter.PlotRows(train, synth));
        assertEquals(List.of(0.5, 1.0), r.sweep().stream().map(LowDataSweep.Point::fraction).toList());
        LowDataSweep.Point full = r.sweep().get(1);
        assertEquals(r.gain(), full.classifiers(), "the 100% row holds the full-data gains");
        assertEquals(Math.round(0.8 * train.size()), full.realTrainRows(), "each full-data trial draws 80% of the real rows");
        assertEquals(Math.round(0.8 * synth.size()), full.meanSyntheticRows(), 1.0);
        // fits: the full-data trials (3 per trial) and the 50% point's, nothing run again at 100%. The 50% point's
        // synthetic-only fit is the full-data trial's (the same seed draws the same share of the fixed synthetic
        // rows, and the test rows are the same), so it is made once (FitCache): 2 fits per trial at 50%
        long fits = steps.stream().filter(s -> s.contains("trial")).count();
        assertEquals(5L * 3 + 5L * 2, fits, "fits announced: " + steps);
        assertTrue(steps.stream().noneMatch(s -> s.startsWith("50%") && s.endsWith("synthetic only")), steps.toString());
        assertEquals(Evaluation.fitCount(o, true), fits + 1, "the progress total (+1: fidelity)");
        assertTrue(steps.stream().noneMatch(s -> s.startsWith("100%")), steps.toString());
        assertTrue(Files.isRegularFile(dir.resolve(Plots.GAIN)));
    }
}
