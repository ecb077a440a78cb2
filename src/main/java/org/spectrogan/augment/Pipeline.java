package org.spectrogan.augment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.Fidelity;
import org.spectrogan.evaluate.GainEvaluation;
import org.spectrogan.evaluate.LowDataSweep;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;

/**
 * The pipeline's work after the features exist: group split, GAN on the train part, synthesis, quality gate,
 * the do-no-harm check on validation groups of the train part, and the gain evaluation on the untouched test
 * groups. {@link AugmentJob} wraps it with reading, feature extraction and the atomic write of the output folder.
 */
public final class Pipeline {
    /** Budget overrides from the command line: {@code ganSteps} > 0 replaces every GAN's steps; quick shrinks all. */
    public record Budget(int ganSteps, boolean quick) {
        public static Budget full() {
            return new Budget(0, false);
        }
    }

    /** What one run found; the writer turns it into files. */
    public record Outcome(FeatureTable realTrain, FeatureTable test, FeatureTable fit, FeatureTable validation,
                          Set<String> trainGroups, Set<String> validationGroups, Set<String> testGroups,
                          GanConfig ganConfig, GanModel model, FeatureTable syntheticOffered,
                          QualityGate.Result gate, QualityGate.Level gateLevel, double amountScale,
                          FeatureTable syntheticKept, DoNoHarm.Decision decision, boolean syntheticInDataset,
                          FeatureTable dataset, List<GainEvaluation.ClassifierGain> gain,
                          List<LowDataSweep.Point> sweep, Fidelity.Result fidelity, List<String> classNames,
                          List<String> notes, Map<String, Object> extra) {
    }

    private final PipelineConfig cfg;
    private final Budget budget;
    private final GanSettings.Trainer trainer;
    private final Progress progress;
    private final Map<String, String> inputHashes;

    public Pipeline(PipelineConfig cfg, Budget budget, GanSettings.Trainer trainer, Progress progress,
                    Map<String, String> inputHashes) {
        this.cfg = cfg;
        this.budget = budget;
        this.trainer = trainer;
        this.progress = progress;
        this.inputHashes = inputHashes;
    }

    int evaluationRepeats() {
        return budget.quick() ? Math.min(2, cfg.evaluation().repeats()) : cfg.evaluation().repeats();
    }

    List<Double> sweepFractions() {
        if (!cfg.evaluation().lowDataSweep()) {
            return List.of();
        }
        return budget.quick() ? List.of(0.25) : cfg.evaluation().fractions().stream().filter(f -> f < 1.0).toList();
    }

    int validationRepeats() {
        return budget.quick() ? 1 : cfg.validation().repeats();
    }

    GanConfig ganConfig() {
        return GanSettings.config(cfg.gan(), budget.ganSteps() > 0 ? budget.ganSteps() : budget.quick() ? 150 : 0);
    }

    GanConfig sweepGanConfig() {
        GanConfig c = ganConfig();
        Integer s = cfg.evaluation().sweepGanSteps();
        return s == null || budget.ganSteps() > 0 || budget.quick() ? c : c.withSteps(s);
    }

    /** Keeps the requested classes; fails before any work when one does not exist. */
    public static FeatureTable selectClasses(FeatureTable all, List<String> classes, Path pipelineFile) {
        if (classes.isEmpty()) {
            return all;
        }
        List<String> present = all.labels();
        for (String c : classes) {
            if (!present.contains(c)) {
                throw SpectroganException.inFile(pipelineFile, "class '" + c + "' does not exist in the data (classes found: "
                        + String.join(", ", present) + ")");
            }
        }
        Set<String> keep = new TreeSet<>(classes);
        return all.filter(r -> keep.contains(r.label()));
    }

    /** The test split (test fraction, or fold 0 of K group folds). Throws naming a class with too few groups. */
    public static GroupSplit.Parts testSplit(FeatureTable t, PipelineConfig cfg) {
        return testSplits(t, cfg).get(0);
    }

    /**
     * Every test split: one for a test fraction, K for K group folds (fold 0 first: the one written out).
     * Throws naming a class with too few groups.
     */
    public static List<GroupSplit.Parts> testSplits(FeatureTable t, PipelineConfig cfg) {
        // every class needs a group for test, one for validation and one for the GAN's fit part
        GroupSplit.requireGroups(t, Math.max(3, cfg.split().folds()), "the split into test, validation and fit groups");
        if (cfg.split().folds() > 0) {
            return GroupSplit.folds(t, cfg.split().folds(), cfg.split().seed(), "split");
        }
        return List.of(GroupSplit.holdOut(t, cfg.split().testFraction(), cfg.split().seed(), "split"));
    }

    /** Checks everything that can be checked on the rows before the GAN starts. */
    public static void validateBeforeWork(FeatureTable t, PipelineConfig cfg) {
        if (t.labels().size() < 2) {
            throw SpectroganException.inFile(cfg.file(), "the data holds only one class (" + t.labels()
                    + "): a conditional GAN and a classifier need at least two");
        }
        for (String c : cfg.synthesis().counts().keySet()) {
            if (!t.labels().contains(c)) {
                throw SpectroganException.inFile(cfg.file(), "synthesis.counts names class '" + c
                        + "', which does not exist (classes: " + String.join(", ", t.labels()) + ")");
            }
        }
        for (String name : cfg.evaluation().classifiers()) {
            Classifiers.byName(name);
        }
        try {
            for (GroupSplit.Parts p : testSplits(t, cfg)) {
                GroupSplit.holdOut(p.train(t), cfg.validation().fraction(), cfg.split().seed() + 1, "validation split of the train groups");
            }
        } catch (SpectroganException e) {
            throw SpectroganException.inFile(cfg.file(), e.getMessage(), e);
        }
    }

    /** Runs everything on the real rows {@code all} (already restricted to the pipeline's classes). */
    public Outcome run(FeatureTable all, Path modelDir) {
        validateBeforeWork(all, cfg);
        List<String> classNames = all.labels();
        List<String> notes = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();

        List<GroupSplit.Parts> splits = testSplits(all, cfg);
        GroupSplit.Parts testParts = splits.get(0);
        FeatureTable train = testParts.train(all);
        FeatureTable test = testParts.heldOut(all);
        GroupSplit.Parts valParts = GroupSplit.holdOut(train, cfg.validation().fraction(), cfg.split().seed() + 1,
                "validation split of the train groups");
        FeatureTable fit = valParts.train(train);
        FeatureTable validation = valParts.heldOut(train);
        progress.stage(String.format("split: %d train rows (%d groups; %d fit + %d validation), %d test rows (%d groups)",
                train.size(), testParts.trainGroups().size(), fit.size(), validation.size(), test.size(),
                testParts.heldOutGroups().size()));

        GanConfig gc = ganConfig();
        Classifier judge = Classifiers.byName(cfg.evaluation().classifiers().get(0));
        progress.stage("training the GAN on the fit part: " + fit.size() + " rows, " + gc.steps() + " steps");
        GanModel model = trainer.train(GanSettings.trainingSet(fit, classNames, inputHashes), gc, modelDir, progress);

        // do no harm: judged on the validation groups, which the GAN never saw
        progress.stage("do-no-harm check on " + validation.size() + " validation rows");
        Map<String, Integer> plannedFit = SynthesisPlan.counts(fit.countsByLabel(), cfg.synthesis(), 1.0);
        DoNoHarm.Decision decision = DoNoHarm.check(fit, validation, classNames,
                (counts, seed) -> GanSettings.generate(model, fit.featureNames(), counts, seed), plannedFit,
                DoNoHarm.ladder(cfg.qualityGate()), judge, validationRepeats(), cfg.validation().minGainPoints(),
                cfg.synthesis().seed());
        progress.tick(decision.summary());

        // the final synthetic rows: planned from all real train rows, gated by a judge of all real train rows
        DoNoHarm.Candidate setting = decision.helped() ? decision.chosen().candidate()
                : DoNoHarm.ladder(cfg.qualityGate()).get(0);
        Map<String, Integer> planned = SynthesisPlan.counts(train.countsByLabel(), cfg.synthesis(), 1.0);
        FeatureTable offered = GanSettings.generate(model, train.featureNames(), planned, cfg.synthesis().seed());
        QualityGate gate = new QualityGate(train, classNames, judge, cfg.synthesis().seed());
        QualityGate.Result gated = gate.apply(offered, setting.gate());
        FeatureTable kept = DoNoHarm.takePerClass(gated.kept(), planned, setting.amountScale());
        boolean inDataset = decision.helped() || cfg.force();
        if (!decision.helped()) {
            notes.add(cfg.force()
                    ? "The do-no-harm check found no setting that helped on the validation groups; the synthetic rows are in dataset.csv only because the pipeline sets force."
                    : "The do-no-harm check found no setting that helped on the validation groups, so dataset.csv holds no synthetic rows (synthetic.csv keeps them for inspection; set force to include them).");
        }
        FeatureTable dataset = inDataset ? train.concat(kept) : train;

        // gain on the untouched test groups
        List<Classifier> classifiers = cfg.evaluation().classifiers().stream().map(Classifiers::byName).toList();
        List<GainEvaluation.ClassifierGain> gain = List.of();
        List<GainEvaluation.Trial> trials = new ArrayList<>(GainEvaluation.repeatedTrials(train, kept, test, evaluationRepeats(),
                GainEvaluation.DEFAULT_REPEAT_FRACTION, cfg.split().seed() + 17));
        List<Map<String, Object>> foldLog = new ArrayList<>();
        for (int f = 1; f < splits.size(); f++) {
            // K folds: every other fold runs the same procedure (its own GAN on its own fit part, check, gate);
            // its trials join fold 0's, so the gain and its interval cover all folds
            FeatureTable foldTrain = splits.get(f).train(all);
            FeatureTable foldTest = splits.get(f).heldOut(all);
            progress.stage("fold " + (f + 1) + "/" + splits.size() + ": " + foldTrain.size() + " train rows, " + foldTest.size()
                    + " test rows; GAN, check and gate on its train groups");
            List<Map<String, Object>> log = new ArrayList<>();
            FeatureTable foldKept = synthesizeFor(foldTrain, cfg.split().seed() + 1, gc, classNames, judge, log, true);
            Map<String, Object> entry = new LinkedHashMap<>(log.isEmpty() ? Map.of() : log.get(0));
            entry.put("fold", f);
            entry.put("testGroups", splits.get(f).heldOutGroups());
            entry.put("syntheticRows", foldKept.size());
            foldLog.add(entry);
            trials.addAll(GainEvaluation.repeatedTrials(foldTrain, foldKept, foldTest, evaluationRepeats(),
                    GainEvaluation.DEFAULT_REPEAT_FRACTION, cfg.split().seed() + 17 + 1000L * f));
        }
        if (trials.stream().anyMatch(tr -> tr.synthetic().size() > 0)) {
            progress.stage("gain evaluation on the test groups" + (splits.size() > 1 ? " of " + splits.size() + " folds" : " (" + test.size() + " rows)"));
            gain = GainEvaluation.evaluate(trials, classifiers, progress::tick);
            if (!inDataset) {
                notes.add("The gain figures at 100% use the synthetic.csv rows (the configured setting), which dataset.csv does not include.");
            }
        } else {
            notes.add("No synthetic row passed the quality gate, so there is no full-data gain to measure.");
        }
        if (splits.size() > 1) {
            notes.add("K group folds (" + splits.size() + "): the gain at 100% and the low-data sweep pool the trials of every fold ("
                    + splits.size() + " x " + evaluationRepeats() + " trials per classifier), each fold with its own GAN trained on its own train groups; "
                    + "dataset.csv, synthetic.csv, test.csv, the model, the fidelity and the plots are fold 0's.");
            extra.put("folds", foldLog);
        }

        // low-data sweep: the whole procedure (GAN, gate, do-no-harm) on each subset of the real train rows
        List<LowDataSweep.Point> sweep = List.of();
        List<Double> fractions = sweepFractions();
        List<Map<String, Object>> sweepDecisions = new ArrayList<>();
        if (!fractions.isEmpty()) {
            progress.stage("low-data sweep at " + fractions + " of the train rows (GAN retrained on each subset)");
            List<LowDataSweep.Split> sweepSplits = new ArrayList<>();
            for (GroupSplit.Parts sp : splits) {
                sweepSplits.add(new LowDataSweep.Split(sp.train(all), sp.heldOut(all)));
            }
            sweep = LowDataSweep.run(sweepSplits,
                    (subset, seed) -> synthesizeFor(subset, seed, sweepGanConfig().withSeed(mixSeeds(seed, ganConfig().seed())),
                            classNames, judge, sweepDecisions, cfg.force()),
                    classifiers, fractions, evaluationRepeats(), cfg.split().seed() + 29,
                    cfg.evaluation().ceiling() ? (subset, synthetic) -> SynthesisPlan.counts(subset.countsByLabel(), cfg.synthesis(), 1.0) : null,
                    progress::tick);
            if (cfg.evaluation().ceiling()) {
                notes.add("Ceiling (low-data sweep): the same subsets, seeds and test rows with held-back REAL train rows (outside the subset, as many per class as the synthesis plan asks for) in place of the synthetic rows. It is the gain a perfect generator could give at that fraction; a gain target above it cannot be reached by any synthetic rows that imitate the data.");
            }
            notes.add("In the low-data sweep each subset of the real train rows goes through the whole pipeline: a GAN trained on that subset only ("
                    + sweepGanConfig().steps() + " steps), the quality gate and the do-no-harm check on validation groups of the subset; a subset whose check fails gets no synthetic rows, so its gain is zero by design.");
        }
        Fidelity.Result fidelity = kept.size() > 0 ? Fidelity.evaluate(train, kept, judge, cfg.split().seed()) : null;

        extra.put("split", Map.of("trainGroups", testParts.trainGroups(), "validationGroups", valParts.heldOutGroups(),
                "testGroups", testParts.heldOutGroups()));
        extra.put("qualityGate", gateSummary(gated, setting));
        extra.put("doNoHarm", decisionSummary(decision));
        if (!sweepDecisions.isEmpty()) {
            extra.put("sweepDoNoHarm", sweepDecisions);
        }
        return new Outcome(train, test, fit, validation, testParts.trainGroups(), valParts.heldOutGroups(),
                testParts.heldOutGroups(), gc, model, offered, gated, setting.gate(), setting.amountScale(), kept,
                decision, inDataset, dataset, gain, sweep, fidelity, classNames, notes, extra);
    }

    /**
     * The pipeline's synthetic rows for a subset of the train rows (a low-data sweep subset, or another fold's
     * train part); nothing outside it is used. Its groups are split into fit and validation parts with
     * {@code seed}, a GAN with {@code gc} trains on the fit part, the do-no-harm check picks the setting; when
     * the check fails the result is empty unless {@code rowsEvenIfUnhelped} (then the configured setting's rows).
     */
    /**
     * A trial's seed for one purpose: the trial's own seed (which fixes its subset, validation split and test
     * rows) mixed with the pipeline's configured seed for that purpose ({@code gan.seed}, {@code synthesis.seed}),
     * so that changing a configured seed redraws the sweep's GANs or synthetic rows over the same subsets.
     */
    static long mixSeeds(long trialSeed, long configuredSeed) {
        return new java.util.SplittableRandom(trialSeed * 0x9E3779B97F4A7C15L + configuredSeed).nextLong();
    }

    FeatureTable synthesizeFor(FeatureTable subset, long seed, GanConfig gc, List<String> classNames, Classifier judge,
                               List<Map<String, Object>> log, boolean rowsEvenIfUnhelped) {
        FeatureTable empty = new FeatureTable(subset.featureNames(), List.of());
        if (subset.labels().size() < classNames.size()) {
            return empty;
        }
        FeatureTable fit = subset;
        FeatureTable validation = null;
        boolean canValidate = GroupSplit.groupsByClass(subset).values().stream().allMatch(g -> g.size() >= 2);
        if (canValidate) {
            GroupSplit.Parts p = GroupSplit.holdOut(subset, cfg.validation().fraction(), seed, "validation split of a sweep subset");
            fit = p.train(subset);
            validation = p.heldOut(subset);
        }
        GanModel m;
        Path scratch;
        try {
            scratch = java.nio.file.Files.createTempDirectory("spectrogan-sweep-gan");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            m = trainer.train(GanSettings.trainingSet(fit, classNames, inputHashes), gc, scratch, TrainingListener.NONE);
        } catch (SpectroganException e) {
            org.spectrogan.common.AtomicFiles.deleteTree(scratch);
            // too few rows for a batch and the like: this subset gets no synthetic rows
            log.add(Map.of("rows", subset.size(), "seed", seed, "skipped", e.getMessage()));
            return empty;
        }
        try {
            final FeatureTable fitRows = fit;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rows", subset.size());
            entry.put("seed", seed);
            DoNoHarm.Candidate setting = DoNoHarm.ladder(cfg.qualityGate()).get(0);
            if (validation != null) {
                DoNoHarm.Decision d = DoNoHarm.check(fitRows, validation, classNames,
                        (counts, s) -> GanSettings.generate(m, fitRows.featureNames(), counts, s),
                        SynthesisPlan.counts(fitRows.countsByLabel(), cfg.synthesis(), 1.0),
                        DoNoHarm.ladder(cfg.qualityGate()), judge, validationRepeats(), cfg.validation().minGainPoints(), seed);
                entry.put("helped", d.helped());
                entry.put("summary", d.summary());
                if (!d.helped() && !rowsEvenIfUnhelped) {
                    log.add(entry);
                    return empty;
                }
                if (d.helped()) {
                    setting = d.chosen().candidate();
                }
            } else {
                entry.put("summary", "too few groups for a validation split: configured gate, no check");
            }
            log.add(entry);
            Map<String, Integer> planned = SynthesisPlan.counts(subset.countsByLabel(), cfg.synthesis(), 1.0);
            FeatureTable offered = GanSettings.generate(m, subset.featureNames(), planned,
                    mixSeeds(seed, cfg.synthesis().seed()));
            QualityGate gate = new QualityGate(subset, classNames, judge, seed);
            return DoNoHarm.takePerClass(gate.apply(offered, setting.gate()).kept(), planned, setting.amountScale());
        } finally {
            m.close();
            org.spectrogan.common.AtomicFiles.deleteTree(scratch);
        }
    }

    static Map<String, Object> gateSummary(QualityGate.Result g, DoNoHarm.Candidate setting) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setting", setting.describe());
        m.put("offered", g.offered());
        m.put("droppedByConfidence", g.droppedByConfidence());
        m.put("droppedByRadius", g.droppedByRadius());
        m.put("kept", g.offered() - g.dropped());
        Map<String, Map<String, Integer>> per = new TreeMap<>();
        for (var e : g.perClass().entrySet()) {
            per.put(e.getKey(), Map.of("offered", e.getValue()[0], "droppedByConfidence", e.getValue()[1],
                    "droppedByRadius", e.getValue()[2]));
        }
        m.put("perClass", per);
        return m;
    }

    static Map<String, Object> decisionSummary(DoNoHarm.Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("helped", d.helped());
        m.put("summary", d.summary());
        m.put("fitRows", d.fitRows());
        m.put("validationRows", d.validationRows());
        m.put("baselineBalancedAccuracy", d.baselineBalancedAccuracy());
        m.put("chosen", d.chosen() == null ? null : d.chosen().candidate().describe());
        List<Map<String, Object>> trials = new ArrayList<>();
        for (DoNoHarm.Trial t : d.trials()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("setting", t.candidate().describe());
            tm.put("balancedAccuracy", t.balancedAccuracy());
            tm.put("gainPoints", t.gainPoints());
            tm.put("gainBootstrapP10Points", t.gainLowerPoints());
            tm.put("syntheticRows", t.meanSyntheticRows());
            tm.put("dropped", t.meanDropped());
            trials.add(tm);
        }
        m.put("settingsTried", trials);
        return m;
    }
}
