package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** report.json round-trips through Jackson; report.md states the verdict in words with the interval. */
class ReportTest {
    /** A caller's details, as augment passes its own: the components are report.json's extra keys. */
    record Gate(int dropped) {
    }

    record Details(Gate qualityGate) {
    }

    @Test
    void jsonRoundTripsAndMarkdownSaysWhatHappened(@TempDir Path dir) throws Exception {
        FeatureTable train = Blobs.make(3, 8, 4, 1.5, FeatureTable.REAL, 2, 1);
        FeatureTable test = Blobs.make(3, 40, 4, 1.5, FeatureTable.REAL, 2, 2);
        FeatureTable synth = Blobs.make(3, 60, 4, 1.5, FeatureTable.SYNTHETIC, 1, 3);
        List<GainEvaluation.ClassifierGain> gain = GainEvaluation.evaluate(
                GainEvaluation.repeatedTrials(train, synth, test, 5, 0.8, 1), Classifiers.byNames("logreg,svm"));
        Fidelity.Result fid = Fidelity.evaluate(train, synth, Classifiers.byName("logreg"), 1);
        Report report = Report.builder().setTitle("Test report")
                .setSettings(new Report.Settings(List.of("logreg", "svm"), 5, 0.8, 1, List.of(1.0), "80% stratified subsample per trial"))
                .optInput(Report.DataSummary.of("real train", "train.csv", "abc", train))
                .optGain(gain).optFidelity(fid).optNote("a note").optDetails(new Details(new Gate(3)))
                .build();
        ReportWriter.write(report, dir);
        String json = Files.readString(dir.resolve("report.json"));
        Report back = ReportWriter.fromJson(json);
        assertEquals(report.gain(), back.gain());
        assertEquals(report.verdict(), back.verdict());
        assertEquals(report.settings(), back.settings());
        assertEquals(3, ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) back.extra()).get("qualityGate")).get("dropped"));

        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.startsWith("# Test report"), md);
        assertTrue(md.contains(report.verdict().headline()), md);
        for (Verdict.Case c : report.verdict().cases()) {
            assertTrue(md.contains(c.sentence()), "missing: " + c.sentence());
            assertTrue(c.sentence().contains("95% interval"), c.sentence());
        }
        assertTrue(md.contains("| logreg | **gain**"), md);
        assertTrue(md.contains("Label fidelity"), md);
        assertTrue(md.contains("- a note"), md);
        assertTrue(md.contains("- **qualityGate**: dropped: 3\n"), md);
    }

    @Test
    void theSweepCeilingRoundTripsAndIsAColumnOfTheSweepTable(@TempDir Path dir) throws Exception {
        FeatureTable train = Blobs.make(2, 40, 4, 1.5, FeatureTable.REAL, 4, 11);
        FeatureTable test = Blobs.make(2, 40, 4, 1.5, FeatureTable.REAL, 2, 12);
        SyntheticSource none = (subset, seed) -> new FeatureTable(subset.featureNames(), List.of());
        List<LowDataSweep.Point> sweep = LowDataSweep.run(train, test, none, List.of(Classifiers.byName("logreg")),
                List.of(0.25, 1.0), 3, 5, subset -> java.util.Map.of("c0", 10, "c1", 10), s -> { });
        Report report = Report.builder().setTitle("Sweep")
                .setSettings(new Report.Settings(List.of("logreg"), 3, 0.8, 5, List.of(0.25, 1.0), "stratified"))
                .optSweep(sweep).build();
        ReportWriter.write(report, dir);
        Report back = ReportWriter.fromJson(Files.readString(dir.resolve("report.json")));
        assertEquals(report.sweep(), back.sweep());
        assertEquals(20.0, back.sweep().get(0).meanCeilingRows(), 0);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("ceiling: + held-back real rows (points) |"), md);
        assertTrue(md.contains("(20 rows) |"), md);
    }
}
