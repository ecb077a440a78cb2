package org.spectrogan.augment;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.spectrogan.evaluate.TestGroupEffect;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

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

    /** The written dataset's group split (fold 0): train and test groups, and the train part's fit and validation parts. */
    public record Split(FeatureTable train, FeatureTable test, FeatureTable fit, FeatureTable validation,
                        Set<String> trainGroups, Set<String> validationGroups, Set<String> testGroups) {
        /** The groups as report.json lists them. */
        public Groups groups() {
            return new Groups(trainGroups, validationGroups, testGroups);
        }
    }

    /** The split's groups in report.json. */
    public record Groups(Set<String> trainGroups, Set<String> validationGroups, Set<String> testGroups) {
    }

    /** The quality gate's counts for the written synthetic rows, in report.json and manifest.json. */
    public record GateCounts(String setting, int offered, int droppedByConfidence, int droppedByRadius, int kept,
                             Map<String, ClassGateCounts> perClass) {
        static GateCounts of(QualityGate.Result g, String setting) {
            if (g == null) {
                return new GateCounts(setting == null ? "no synthetic rows made" : setting, 0, 0, 0, 0, Map.of());
            }
            Map<String, ClassGateCounts> per = new TreeMap<>();
            for (var e : g.perClass().entrySet()) {
                per.put(e.getKey(), new ClassGateCounts(e.getValue()[0], e.getValue()[1], e.getValue()[2]));
            }
            return new GateCounts(setting, g.offered(), g.droppedByConfidence(), g.droppedByRadius(),
                    g.offered() - g.dropped(), per);
        }

        /**
         * The sentence naming every class whose offered rows the gate dropped ALL of (so the written and synthetic
         * rows hold none of that class, whatever the plan asked for), with why; null when there is none.
         */
        public String emptiedClassesSentence() {
            List<String> parts = new ArrayList<>();
            for (var e : perClass.entrySet()) {
                ClassGateCounts c = e.getValue();
                if (c.offered() > 0 && c.droppedByConfidence() + c.droppedByRadius() == c.offered()) {
                    parts.add(String.format(java.util.Locale.ROOT, "%s (%d offered: %d as confidently another class, %d beyond the class radius)",
                            e.getKey(), c.offered(), c.droppedByConfidence(), c.droppedByRadius()));
                }
            }
            return parts.isEmpty() ? null : "The quality gate dropped every synthetic row of " + String.join(", ", parts)
                    + ", so the synthetic rows hold none of " + (parts.size() == 1 ? "that class" : "those classes")
                    + ": the augmenter's rows of it lie off the real class's support or look like another class.";
        }
    }

    /** One class's gate counts. */
    public record ClassGateCounts(int offered, int droppedByConfidence, int droppedByRadius) {
    }

    /**
     * The do-no-harm decision for the written synthetic rows, in report.json and manifest.json: the group check's
     * one-sentence summary (a refusal included), the metric it judged on (its configuration name, {@code
     * validation.metric}), real only's pooled score in it (0..1; NaN when it refused), the admitted setting (null:
     * none), every setting tried and each fold's validation groups.
     */
    public record Decision(boolean helped, String summary, String method, int trainRows, String metric, double baselineScore,
                           String chosen, List<SettingTried> settingsTried, List<List<String>> folds) {
        static Decision of(DoNoHarm.GroupDecision d) {
            List<SettingTried> tried = new ArrayList<>();
            for (DoNoHarm.GroupTrial t : d.trials()) {
                tried.add(new SettingTried(t.setting().describe(), t.score(), t.gainPoints(),
                        t.gainLowerPoints(), t.gainPointsByGroup(), t.meanSyntheticRows(), t.foldTrials()));
            }
            return new Decision(d.admitted(), d.summary(), String.format(java.util.Locale.ROOT,
                    "inner group cross-validation over the train groups (%d folds), pooled out-of-fold %s, "
                            + "admitted when the gain and its group-bootstrap p%s (simultaneous over the settings tried) are above zero",
                    d.folds().size(), org.spectrogan.evaluate.ReportedMetric.parse(d.metric()).title(),
                    DoNoHarm.fmt(SyntheticRows.LOWER_PERCENTILE)),
                    d.trainRows(), d.metric(), d.baselineScore(),
                    d.chosen() == null ? null : d.chosen().setting().describe(), tried, d.folds());
        }
    }

    /**
     * One augmenter/amount setting the check tried: pooled score in the check's metric (0..1), gain and its
     * group-bootstrap lower percentile in points, the gain on each validation group's own rows, mean synthetic rows
     * per fold, and each (fold, repeat)'s gain on its own validation rows with its synthetic rows.
     */
    public record SettingTried(String setting, double score, double gainPoints, double gainBootstrapLowerPoints,
                               Map<String, Double> gainPointsByGroup, double syntheticRows, List<DoNoHarm.FoldTrial> foldTrials) {
    }

    /**
     * What dataset.csv holds: its real and synthetic rows, the synthetic rows per class, the augmenter and setting
     * they come from (null: none) and, per classifier, what those rows do to balanced accuracy on the test groups
     * (points; zero rows: no effect by construction, both lists empty). {@code effectOnResampledTestGroups} is the
     * headline's: its interval resamples the test groups and the paired trials ({@link TestGroupEffect}), so it
     * speaks for new groups; {@code effectOnFixedTestGroups} is the t-interval over the paired trials with the
     * test groups held fixed (it varies only the subsample of train rows each trial fits on), kept beside it.
     */
    public record DatasetContents(int realRows, int syntheticRows, Map<String, Integer> syntheticPerClass,
                                  String augmenter, String setting, List<TestGroupEffect> effectOnResampledTestGroups,
                                  List<Effect> effectOnFixedTestGroups) {
    }

    /** One classifier's effect of some rows on test balanced accuracy: mean and 95% interval in points. */
    public record Effect(String classifier, double meanPoints, double lowPoints, double highPoints, int trials) {
        static List<Effect> of(List<GainEvaluation.ClassifierGain> gains) {
            List<Effect> out = new ArrayList<>();
            for (GainEvaluation.ClassifierGain g : gains) {
                var sum = g.gain().get(org.spectrogan.evaluate.Metric.BALANCED_ACCURACY);
                out.add(new Effect(g.classifier(), 100 * sum.mean(), 100 * sum.lower(), 100 * sum.upper(), g.trials()));
            }
            return out;
        }
    }

    /**
     * One listed augmenter side by side (same trials as the others): its rows at amount x1 without the check,
     * their effect on the test groups at 100% of the train rows, the sweep's gains (with the ceiling beside
     * them) and the fidelity of its rows against the real test rows as held-out reference.
     */
    public record AugmenterArm(String augmenter, int syntheticRows, List<Effect> gainAtFull,
                               List<LowDataSweep.Point> sweep, Fidelity.Comparison fidelity) {
    }

    /** Another fold's run of the synthesis procedure (K group folds), in report.json. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Fold(Integer rows, Long seed, Boolean helped, String summary, String skipped, int fold,
                       Set<String> testGroups, int syntheticRows) {
    }

    /**
     * What one run found; the writer turns it into files. {@code written} is the synthesis procedure's run for the
     * written dataset (its model open until the writer is done); {@code sweepRuns} one entry per sweep subset;
     * {@code gans} every GAN the run trained and used, with the step it kept.
     */
    public record Result(Split split, GanConfig ganConfig, SyntheticRows.Result written, boolean syntheticInDataset,
                         FeatureTable dataset, List<GainEvaluation.ClassifierGain> gain, List<LowDataSweep.Point> sweep,
                         Fidelity.Result fidelity, List<String> classNames, List<String> notes, GateCounts gate,
                         Decision doNoHarm, List<Fold> folds, List<SyntheticRows.Log> sweepRuns,
                         DatasetContents contents, List<AugmenterArm> augmenters, List<LowDataSweep.Point> ceilingAtAdmitted,
                         AveragedProtocol.Result averaged, DuplicateRows.Finding duplicates,
                         List<GanSettings.ChosenStep> gans, List<org.spectrogan.evaluate.MetricEffects> effectsByMetric) {
    }

    private final PipelineConfig cfg;
    private final GanSettings.Trainer trainer;
    private final Progress progress;
    private final Map<String, String> inputHashes;

    /** {@code cfg} fully resolved (a budget already folded in with {@link PipelineConfig#under}). */
    public Pipeline(PipelineConfig cfg, GanSettings.Trainer trainer, Progress progress, Map<String, String> inputHashes) {
        this.cfg = cfg;
        this.trainer = trainer;
        this.progress = progress;
        this.inputHashes = inputHashes;
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
        int folds = cfg.split().foldsFor(fewestGroupsPerClass(t));
        GroupSplit.requireGroups(t, Math.max(3, folds), "the split into test, validation and fit groups");
        if (folds > 0) {
            return GroupSplit.folds(t, folds, cfg.split().seed(), "split");
        }
        return List.of(GroupSplit.holdOut(t, cfg.split().testFractionOrDefault(), cfg.split().seed(), "split"));
    }

    static int fewestGroupsPerClass(FeatureTable t) {
        return GroupSplit.groupsByClass(t).values().stream().mapToInt(java.util.Set::size).min().orElse(0);
    }

    /** The report's note on an automatic split (null when the pipeline set testFraction or folds). */
    static String automaticSplitNote(FeatureTable t, PipelineConfig cfg) {
        if (!cfg.split().automatic()) {
            return null;
        }
        int fewest = fewestGroupsPerClass(t);
        return fewest >= PipelineConfig.Split.AUTO_MIN_GROUPS_PER_CLASS
                ? "The split was automatic (the pipeline sets neither split.testFraction nor split.folds): every class has at least "
                        + PipelineConfig.Split.AUTO_MIN_GROUPS_PER_CLASS + " groups (fewest " + fewest + "), so the gain pools "
                        + PipelineConfig.Split.AUTO_FOLDS + " group folds and its interval covers the choice of test groups."
                : "The split was automatic (the pipeline sets neither split.testFraction nor split.folds): a class has only " + fewest
                        + " groups (fewer than " + PipelineConfig.Split.AUTO_MIN_GROUPS_PER_CLASS + " for " + PipelineConfig.Split.AUTO_FOLDS
                        + " folds), so one test part of about " + Math.round(100 * PipelineConfig.Split.DEFAULT_TEST_FRACTION)
                        + "% of the rows was held out and the interval does not cover the choice of test groups.";
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
        for (var m : org.spectrogan.evaluate.ReportedMetric.parseAll(cfg.evaluation().metrics())) {
            if (m.recallClass() != null && !t.labels().contains(m.recallClass())) {
                throw SpectroganException.inFile(cfg.file(), "evaluation.metrics names " + m.name() + ", but class '" + m.recallClass()
                        + "' does not exist (classes: " + String.join(", ", t.labels()) + ")");
            }
        }
        var checkMetric = org.spectrogan.evaluate.ReportedMetric.parse(cfg.validation().metric());
        if (checkMetric.recallClass() != null && !t.labels().contains(checkMetric.recallClass())) {
            throw SpectroganException.inFile(cfg.file(), "validation.metric is " + checkMetric.name() + ", but class '"
                    + checkMetric.recallClass() + "' does not exist (classes: " + String.join(", ", t.labels()) + ")");
        }
        if ("averaged".equals(cfg.evaluation().protocol())) {
            if (cfg.split().folds() > 0) {
                throw SpectroganException.inFile(cfg.file(), "evaluation.protocol averaged holds the test participants fixed: use split.testFraction, not split.folds");
            }
            AveragedProtocol.pool(testSplit(t, cfg).train(t), cfg.evaluation().averaged().poolParticipants(), 0, cfg.file());
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
    public Result run(FeatureTable all, Path modelDir) {
        validateBeforeWork(all, cfg);
        try (PreparedGans prepared = new PreparedGans(trainer)) {
            // independent pieces (trials, sweep runs, check folds, averaged draws) go on the cores when the GAN
            // engine allows work on several threads at once
            return org.spectrogan.gan.GanScheduler.trainsAtOnce(cfg.ganConfig()) ? run(all, modelDir, prepared)
                    : org.spectrogan.common.Workers.oneAfterAnother(() -> run(all, modelDir, prepared));
        }
    }

    /** {@link #run(FeatureTable, Path)} with every GAN obtained through {@code prepared} (trained up front). */
    private Result run(FeatureTable all, Path modelDir, PreparedGans prepared) {
        List<String> classNames = all.labels();
        List<String> notes = new ArrayList<>();
        List<GroupSplit.Parts> splits = testSplits(all, cfg);
        // rows identical across groups (a repeated segment): warn, drop them from the test side, or fail
        DuplicateRows.Outcome duplicates = DuplicateRows.check(all, splits, cfg.split().duplicates(), cfg.file());
        splits = duplicates.splits();
        if (duplicates.finding().warning() != null) {
            progress.note(duplicates.finding().warning());
            notes.add(duplicates.finding().warning());
        }
        if (automaticSplitNote(all, cfg) != null) {
            notes.add(automaticSplitNote(all, cfg));
        }
        GanConfig gc = cfg.ganConfig();
        Classifier judge = Classifiers.byName(cfg.evaluation().classifiers().get(0));
        List<Classifier> classifiers = cfg.evaluation().classifiers().stream().map(Classifiers::byName).toList();
        int repeats = cfg.evaluation().repeats();
        long splitSeed = cfg.split().seed();
        boolean averagedProtocol = "averaged".equals(cfg.evaluation().protocol());
        List<Double> fractions = cfg.evaluation().lowDataSweep() && !averagedProtocol
                ? cfg.evaluation().fractions().stream().filter(f -> f < 1.0).toList() : List.of();
        List<LowDataSweep.Split> sweepSplits = new ArrayList<>();
        for (GroupSplit.Parts sp : splits) {
            sweepSplits.add(new LowDataSweep.Split(sp.train(all), sp.heldOut(all)));
        }
        List<org.spectrogan.evaluate.SyntheticSource.Request> sweepRequests = fractions.isEmpty() ? List.of()
                : LowDataSweep.requests(sweepSplits, fractions, repeats, splitSeed + 29);
        GanConfig sweepGc = cfg.sweepGanConfig();
        SyntheticRows procedure = new SyntheticRows(cfg, prepared, classNames, judge, inputHashes);

        // the written dataset: fold 0's train groups; its validation groups judge the synthetic rows
        FeatureTable train = splits.get(0).train(all);
        FeatureTable test = splits.get(0).heldOut(all);
        Split split = split(splits.get(0), train, test, gc);
        progress.stage("do-no-harm check (" + cfg.validation().folds() + "-fold group cross-validation of " + cfg.synthesis().augmenters()
                + ") and the written rows' GAN on the " + split.fit().size() + " train rows, " + gc.steps() + " steps each");
        SyntheticRows.Seeds writtenSeeds = new SyntheticRows.Seeds(splitSeed + 1, cfg.synthesis().seed(),
                cfg.synthesis().seed(), cfg.synthesis().seed());
        // every GAN of the run is known now (each with its own rows, seed and early stop): train them up front on the
        // cores, then run the procedure exactly as before, each run handed the GANs it asks for
        List<PreparedGans.Job> ganJobs = new ArrayList<>();
        for (SyntheticRows.GanData d : procedure.ganData(train, writtenSeeds, gc)) {
            ganJobs.add(d.allRows() && modelDir != null ? new PreparedGans.Job(d, gc, modelDir, progress)
                    : PreparedGans.Job.scratch(d, gc));
        }
        for (int f = 1; f < splits.size(); f++) {
            for (SyntheticRows.GanData d : procedure.ganData(splits.get(f).train(all), otherSeeds(splitSeed + 1), gc)) {
                ganJobs.add(PreparedGans.Job.scratch(d, gc));
            }
        }
        // a sweep subset's GAN on all its rows is needed only when its check admits the GAN (unless forced or shown
        // side by side): those train when asked for, during the sweep's runs on the cores, not up front for nothing
        boolean sweepNeedsAll = cfg.force() || cfg.synthesis().augmenters().size() > 1;
        int beforeSweep = ganJobs.size();
        for (var q : sweepRequests) {
            GanConfig c = sweepGc.toBuilder().optSeed(mixSeeds(q.seed(), gc.seed())).build();
            for (SyntheticRows.GanData d : procedure.ganData(q.trainSubset(), otherSeeds(q.seed()), c)) {
                if (sweepNeedsAll || !d.allRows()) {
                    ganJobs.add(PreparedGans.Job.scratch(d, c));
                }
            }
        }
        if (!ganJobs.isEmpty() && PreparedGans.upFront()) {
            progress.stage(upFrontStage(ganJobs.size(), splits.size() > 1, ganJobs.size() - beforeSweep));
            prepared.prepare(ganJobs, org.spectrogan.gan.GanScheduler.DEFAULT_MEMORY_BUDGET_BYTES);
        }
        SyntheticRows.Result written = procedure.make(train, writtenSeeds, gc, new SyntheticRows.Training(modelDir, progress), true);
        progress.tick(written.decision() == null ? written.skipped() : written.decision().summary());
        List<GanSettings.ChosenStep> gans = new ArrayList<>();
        Integer writtenFold = splits.size() > 1 ? 0 : null;
        written.gans().forEach(g -> gans.add(g.as("dataset", null, null, writtenFold)));
        FeatureTable kept = written.kept();
        boolean inDataset = written.helped() || cfg.force();
        if (!written.helped()) {
            notes.add(cfg.force()
                    ? "The do-no-harm check admitted no setting in the group cross-validation over the train groups; the synthetic rows are in dataset.csv only because the pipeline sets force."
                    : "The do-no-harm check admitted no setting in the group cross-validation over the train groups, so dataset.csv holds no synthetic rows (synthetic.csv keeps the configured augmenter's rows for inspection; set force to include them).");
        }
        FeatureTable dataset = inDataset ? train.concat(kept) : train;

        // gain on the untouched test groups; K folds: every other fold runs the same procedure on its own train
        // groups and its trials join fold 0's, so the gain and its interval cover all folds
        List<GainEvaluation.Trial> trials = new ArrayList<>(GainEvaluation.repeatedTrials(train, kept, test, repeats,
                GainEvaluation.DEFAULT_REPEAT_FRACTION, splitSeed + 17));
        // the rows each fold's procedure would write (admitted, or forced; else none), on the same trials: every
        // fold's test groups then speak for the written dataset's rows (each group a test group once)
        FeatureTable none = new FeatureTable(train.featureNames(), List.of());
        List<GainEvaluation.Trial> writtenTrials = new ArrayList<>(GainEvaluation.repeatedTrials(train, inDataset ? kept : none,
                test, repeats, GainEvaluation.DEFAULT_REPEAT_FRACTION, splitSeed + 17));
        List<Fold> folds = new ArrayList<>();
        Map<String, List<GainEvaluation.Trial>> armTrials = new java.util.LinkedHashMap<>();
        written.arms().forEach((name, rows) -> armTrials.computeIfAbsent(name, k -> new ArrayList<>()).addAll(
                GainEvaluation.repeatedTrials(train, rows, test, repeats, GainEvaluation.DEFAULT_REPEAT_FRACTION, splitSeed + 17)));
        for (int f = 1; f < splits.size(); f++) {
            FeatureTable foldTrain = splits.get(f).train(all);
            FeatureTable foldTest = splits.get(f).heldOut(all);
            progress.stage("fold " + (f + 1) + "/" + splits.size() + ": " + foldTrain.size() + " train rows, " + foldTest.size()
                    + " test rows; GAN, check and gate on its train groups");
            long seed = splitSeed + 1;
            SyntheticRows.Result r = procedure.make(foldTrain, otherSeeds(seed), gc, SyntheticRows.Training.scratch(), true);
            SyntheticRows.Log log = r.log();
            int testFold = f;
            r.gans().forEach(g -> gans.add(g.as("fold", null, null, testFold)));
            folds.add(log == null ? new Fold(null, null, null, null, null, f, splits.get(f).heldOutGroups(), r.kept().size())
                    : new Fold(log.rows(), log.seed(), log.helped(), log.summary(), log.skipped(), f,
                    splits.get(f).heldOutGroups(), r.kept().size()));
            trials.addAll(GainEvaluation.repeatedTrials(foldTrain, r.kept(), foldTest, repeats,
                    GainEvaluation.DEFAULT_REPEAT_FRACTION, splitSeed + 17 + 1000L * f));
            writtenTrials.addAll(GainEvaluation.repeatedTrials(foldTrain, r.helped() || cfg.force() ? r.kept() : none, foldTest,
                    repeats, GainEvaluation.DEFAULT_REPEAT_FRACTION, splitSeed + 17 + 1000L * f));
            int fold = f;
            r.arms().forEach((name, rows) -> armTrials.computeIfAbsent(name, k -> new ArrayList<>()).addAll(
                    GainEvaluation.repeatedTrials(foldTrain, rows, foldTest, repeats, GainEvaluation.DEFAULT_REPEAT_FRACTION,
                            splitSeed + 17 + 1000L * fold)));
        }
        List<GainEvaluation.ClassifierGain> gain = List.of();
        // one run's evaluations share their fits (the same real-only model recurs in the gain, the arms, the sweep
        // and its ceilings): each is made once, the figures as if made every time
        org.spectrogan.evaluate.FitCache fits = new org.spectrogan.evaluate.FitCache();
        AveragedProtocol.Result averaged = null;
        if (averagedProtocol) {
            // h13b: the participant-averaged protocol replaces the row trials and the row-fraction sweep
            PipelineConfig.Averaged a = cfg.evaluation().averaged();
            progress.stage("participant-averaged protocol: " + a.trainParticipants() + " training participants from a pool of "
                    + a.poolParticipants() + ", " + repeats + " repeats, tested on the averages of the test groups");
            averaged = new AveragedProtocol(new AveragedProtocol.Settings(a.trainParticipants(), a.poolParticipants(),
                    a.syntheticRatio(), a.baselines(), repeats, splitSeed, a.firstRepeat(), a.syntheticSpread()), trainer, cfg.sweepGanConfig(), classNames,
                    classifiers, inputHashes).run(train, test, cfg.file(), progress::tick);
            averaged.draws().forEach(d -> gans.addAll(d.gans()));
            notes.add("Participant-averaged protocol: the classifiers train on one averaged example per participant and class and are tested on the averages of the "
                    + averaged.testParticipants().size() + " test participants; the gain at 100% and the row-fraction sweep are not run (report.json: averagedProtocol).");
        } else if (trials.stream().anyMatch(tr -> tr.synthetic().size() > 0)) {
            progress.stage("gain evaluation on the test groups" + (splits.size() > 1 ? " of " + splits.size() + " folds" : " (" + test.size() + " rows)"));
            gain = GainEvaluation.evaluate(trials, classifiers, progress::tick, fits);
            if (!inDataset) {
                notes.add("The gain figures at 100% use the synthetic.csv rows (the configured setting), which dataset.csv does not include.");
            }
        } else {
            notes.add("No synthetic row passed the quality gate, so there is no full-data gain to measure.");
        }
        if (splits.size() > 1) {
            notes.add("K group folds (" + splits.size() + "): the gain at 100% and the low-data sweep pool the trials of every fold ("
                    + splits.size() + " x " + repeats + " trials per classifier), each fold with its own GAN trained on its own train groups; "
                    + "dataset.csv, synthetic.csv, test.csv, the model, the fidelity and the plots are fold 0's.");
        }

        // low-data sweep: the same procedure on each subset of the real train rows
        List<LowDataSweep.Point> sweep = List.of();
        List<SyntheticRows.Log> sweepRuns = new ArrayList<>();
        Map<String, SyntheticRows.Result> sweepRows = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, List<LowDataSweep.Point>> armSweeps = new java.util.LinkedHashMap<>();
        List<LowDataSweep.Point> ceilingAtAdmitted = List.of();
        if (!fractions.isEmpty() && !averagedProtocol) {
            progress.stage("low-data sweep at " + fractions + " of the train rows (GAN retrained on each subset)");
            boolean sideBySide = cfg.synthesis().augmenters().size() > 1;
            // the subsets' GANs were trained up front with the others; each subset's run only depends on its own
            // rows and seed, so the runs go on the cores at once (the same results as one after another)
            sweep = LowDataSweep.run(sweepSplits, new org.spectrogan.evaluate.SyntheticSource() {
                        @Override
                        public FeatureTable synthesize(FeatureTable subset, long seed) {
                            SyntheticRows.Result r = procedure.make(subset, otherSeeds(seed),
                                    sweepGc.toBuilder().optSeed(mixSeeds(seed, gc.seed())).build(), SyntheticRows.Training.scratch(), cfg.force(),
                                    sideBySide);
                            sweepRows.put(sweepKey(subset, seed), r);
                            return r.kept();
                        }

                        @Override
                        public boolean concurrent() {
                            return true;
                        }
                    },
                    classifiers, fractions, repeats, splitSeed + 29,
                    cfg.evaluation().ceiling() ? (subset, synthetic) -> SynthesisPlan.counts(subset.countsByLabel(), cfg.synthesis(), 1.0) : null,
                    fits, progress::tick);
            for (int i = 0; i < sweepRequests.size(); i++) {
                var q = sweepRequests.get(i);
                SyntheticRows.Result r = sweepRows.get(sweepKey(q.trainSubset(), q.seed()));
                SyntheticRows.Log log = r.log();
                if (log != null) {
                    sweepRuns.add(log);
                }
                // requests run fraction by fraction, each over the test folds, each over the repeats
                int perFraction = splits.size() * repeats;
                double fraction = fractions.get(i / perFraction);
                Integer testFold = splits.size() > 1 ? (i % perFraction) / repeats : null;
                int repeat = i % repeats;
                r.gans().forEach(g -> gans.add(g.as("sweep", fraction, repeat, testFold)));
            }
            if (cfg.evaluation().ceiling()) {
                // the same trials again, the ceiling now at the amount the procedure actually kept per trial
                ceilingAtAdmitted = LowDataSweep.run(sweepSplits, (subset, seed) -> sweepRows.get(sweepKey(subset, seed)).kept(),
                        classifiers, fractions, repeats, splitSeed + 29, (subset, synthetic) -> synthetic.countsByLabel(),
                        fits, s -> { });
            }
            if (sideBySide) {
                for (String name : cfg.synthesis().augmenters()) {
                    if (!"none".equals(name)) {
                        armSweeps.put(name, LowDataSweep.run(sweepSplits, (subset, seed) -> {
                                    FeatureTable rows = sweepRows.get(sweepKey(subset, seed)).arms().get(name);
                                    return rows == null ? new FeatureTable(subset.featureNames(), List.of()) : rows;
                                }, classifiers, fractions, repeats, splitSeed + 29, null,
                                fits, s -> progress.tick(name + " " + s)));
                    }
                }
            }
            if (cfg.evaluation().ceiling()) {
                notes.add("Ceiling at the amount admitted (report.json extra.ceilingAtAdmitted): the same trials with as many held-back real rows per class as the procedure actually kept (zero when the check admitted nothing).");
                notes.add("Ceiling (low-data sweep): the same subsets, seeds and test rows with held-back REAL train rows (outside the subset, as many per class as the synthesis plan asks for) in place of the synthetic rows. It is the gain a perfect generator could give at that fraction; a gain target above it cannot be reached by any synthetic rows that imitate the data.");
            }
            notes.add("In the low-data sweep each subset of the real train rows goes through the whole pipeline: a GAN trained on that subset only ("
                    + sweepGc.steps() + " steps), the quality gate and the do-no-harm check (group cross-validation over the subset's groups); a subset whose check fails gets no synthetic rows, so its gain is zero by design.");
        }
        List<AugmenterArm> arms = new ArrayList<>();
        for (var e : armTrials.entrySet()) {
            FeatureTable rows = written.arms().get(e.getKey());
            Fidelity.Comparison cmp = rows.size() > 0 && test.size() > 0 ? Fidelity.compare(train, test, rows, judge, splitSeed) : null;
            // the averaged protocol replaces the row trials at 100% (h13b), so an arm's are not run either; an arm
            // whose trials are the gain's own (its rows are the written ones) finds every fit in the run's FitCache
            List<Effect> full = averagedProtocol || e.getValue().stream().noneMatch(tr -> tr.synthetic().size() > 0) ? List.of()
                    : Effect.of(GainEvaluation.evaluate(e.getValue(), classifiers, progress::tick, fits));
            arms.add(new AugmenterArm(e.getKey(), rows.size(), full, armSweeps.getOrDefault(e.getKey(), List.of()), cmp));
        }
        List<Effect> effect = inDataset && kept.size() > 0 ? Effect.of(gain) : List.of();
        // the headline's interval: the written rows of every fold on that fold's test groups, all test groups resampled
        List<TestGroupEffect> onNewGroups = new ArrayList<>();
        // (also under the participant-averaged protocol, which runs no row trials at 100%: then it is the only effect)
        if (inDataset && kept.size() > 0) {
            for (Classifier c : classifiers) {
                onNewGroups.add(TestGroupEffect.of(writtenTrials, c, fits, splitSeed + WRITTEN_EFFECT_SEED));
            }
        }
        List<org.spectrogan.evaluate.MetricEffects> byMetric = averagedProtocol ? List.of()
                : effectsByMetric(writtenTrials, trials, armTrials, classifiers, fits, splitSeed + WRITTEN_EFFECT_SEED);
        if (!averagedProtocol && writtenTrials.stream().allMatch(t -> t.synthetic().size() == 0)) {
            notes.add("Gain on new test groups per metric: the do-no-harm check admitted no rows in "
                    + (splits.size() > 1 ? "any of the " + splits.size() + " folds" : "the train groups")
                    + ", so dataset.csv's rows are real only and their gain is exactly zero in every metric; the table shows synthetic.csv's and each augmenter's rows.");
        }
        Map<String, Integer> perClass = new TreeMap<>();
        for (String c : classNames) {
            perClass.put(c, 0);
        }
        if (inDataset) {
            kept.countsByLabel().forEach(perClass::put);
        }
        DatasetContents contents = new DatasetContents(train.size(), inDataset ? kept.size() : 0, perClass,
                inDataset && kept.size() > 0 ? written.augmenter() : null, inDataset && kept.size() > 0 ? written.setting() : null,
                onNewGroups, effect);
        notes.add(0, headline(contents, written, kept));
        Fidelity.Result fidelity = kept.size() > 0 ? Fidelity.evaluate(train, kept, judge, splitSeed) : null;
        return new Result(split, gc, written, inDataset, dataset, gain, sweep, fidelity, classNames, notes,
                GateCounts.of(written.gated(), written.setting()), Decision.of(written.decision()), folds, sweepRuns,
                contents, arms, ceilingAtAdmitted, averaged, duplicates.finding(), gans, byMetric);
    }

    /**
     * Per set of synthetic rows (dataset.csv's, i.e. each fold's written rows; synthetic.csv's, the configured ones;
     * each side-by-side augmenter's) that adds rows in some trial, and per classifier: the gain in every reported
     * metric with the test groups of all folds resampled ({@link TestGroupEffect}), from the fits already made.
     */
    private List<org.spectrogan.evaluate.MetricEffects> effectsByMetric(List<GainEvaluation.Trial> writtenTrials,
            List<GainEvaluation.Trial> configured, Map<String, List<GainEvaluation.Trial>> armTrials, List<Classifier> classifiers,
            org.spectrogan.evaluate.FitCache fits, long seed) {
        Map<String, List<GainEvaluation.Trial>> sources = new java.util.LinkedHashMap<>();
        sources.put("dataset.csv", writtenTrials);
        sources.put("synthetic.csv", configured);
        armTrials.forEach((name, t) -> sources.put(name, t));
        List<org.spectrogan.evaluate.ReportedMetric> metrics = org.spectrogan.evaluate.ReportedMetric.parseAll(cfg.evaluation().metrics());
        List<String> names = new ArrayList<>();
        List<Classifier> who = new ArrayList<>();
        for (var e : sources.entrySet()) {
            if (e.getValue().stream().anyMatch(t -> t.synthetic().size() > 0)) {
                for (Classifier c : classifiers) {
                    names.add(e.getKey());
                    who.add(c);
                }
            }
        }
        return org.spectrogan.common.Workers.indexed(names.size(), i -> {
            List<GainEvaluation.Trial> t = sources.get(names.get(i));
            return new org.spectrogan.evaluate.MetricEffects(names.get(i), who.get(i).name(), t.get(0).synthetic().size(),
                    TestGroupEffect.of(metrics, t, who.get(i), fits, seed));
        });
    }

    /**
     * The stage line before the run's GANs train up front: how many and whose; the low-data sweep is named only
     * when {@code sweepJobs} of them are its subsets' (none, e.g., when every subset's check refuses).
     */
    static String upFrontStage(int jobs, boolean otherFolds, int sweepJobs) {
        List<String> whose = new ArrayList<>(List.of("the written rows"));
        if (otherFolds) {
            whose.add("the other folds");
        }
        if (sweepJobs > 0) {
            whose.add(sweepJobs + " for the low-data sweep");
        }
        String owners = whose.size() == 1 ? whose.get(0)
                : String.join(", ", whose.subList(0, whose.size() - 1)) + " and " + whose.get(whose.size() - 1);
        return "training the run's " + jobs + (jobs == 1 ? " GAN" : " GANs") + " up front (for " + owners
                + ", do-no-harm check folds included)";
    }

    /** The report's first sentence: what dataset.csv holds and what its synthetic rows do on the test groups. */
    static String headline(DatasetContents c, SyntheticRows.Result written, FeatureTable kept) {
        if (c.syntheticRows() == 0) {
            return "dataset.csv holds the " + c.realRows() + " real train rows and no synthetic rows, so on the test groups it is exactly real only"
                    + (kept.size() > 0 ? " (the gain figures at 100% are those of synthetic.csv's " + kept.size() + " "
                    + written.augmenter() + " rows, which dataset.csv does not include)" : "") + ".";
        }
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "dataset.csv holds %d real train rows and %d synthetic rows from %s (per class: %s)", c.realRows(),
                c.syntheticRows(), c.setting(), c.syntheticPerClass()));
        for (int i = 0; i < c.effectOnResampledTestGroups().size(); i++) {
            TestGroupEffect g = c.effectOnResampledTestGroups().get(i);
            b.append(String.format(java.util.Locale.ROOT, "; with %s they change test balanced accuracy by %s", g.classifier(), g.text()));
            if (i < c.effectOnFixedTestGroups().size()) {
                Effect e = c.effectOnFixedTestGroups().get(i);
                b.append(Double.isNaN(e.lowPoints())
                        ? String.format(java.util.Locale.ROOT, "; with the test groups held fixed no t-interval (%d trials)", e.trials())
                        : String.format(java.util.Locale.ROOT, "; with the test groups held fixed [%+.1f, %+.1f] (t-interval over the %d trials)",
                        e.lowPoints(), e.highPoints(), e.trials()));
            }
        }
        return b.append('.').toString();
    }

    /** Added to split.seed for the bootstrap seed of the written rows' test-group effect. */
    static final long WRITTEN_EFFECT_SEED = 19;

    private static String sweepKey(FeatureTable subset, long seed) {
        return seed + ":" + subset.size();
    }

    /**
     * The written dataset's split: fold 0's train and test groups, the train groups' validation part (the same
     * draw the synthesis procedure makes), checked against the GAN's batch before any training.
     */
    private Split split(GroupSplit.Parts testParts, FeatureTable train, FeatureTable test, GanConfig gc) {
        GroupSplit.Parts valParts = GroupSplit.holdOut(train, cfg.validation().fraction(), cfg.split().seed() + 1,
                "validation split of the train groups");
        FeatureTable fit = valParts.train(train);
        FeatureTable validation = valParts.heldOut(train);
        progress.stage(String.format("split: %d train rows (%d groups; %d fit + %d validation), %d test rows (%d groups)",
                train.size(), testParts.trainGroups().size(), fit.size(), validation.size(), test.size(),
                testParts.heldOutGroups().size()));
        if (gc.batchSize() > fit.size()) {
            throw SpectroganException.inFile(cfg.file(), "gan.batch is " + gc.batchSize() + " rows, more than the "
                    + fit.size() + " rows the GAN trains on (the fit part of the train groups); lower gan.batch to at most "
                    + fit.size());
        }
        // the written rows' GAN trains on all train groups; the do-no-harm check validates on each of them in turn
        // (group cross-validation), so there is no separate validation part any more
        return new Split(train, test, train, new FeatureTable(train.featureNames(), List.of()), testParts.trainGroups(),
                Set.of(), testParts.heldOutGroups());
    }

    /** The seeds of a fold's or a sweep subset's run: the trial's own seed, mixed with synthesis.seed to generate. */
    private SyntheticRows.Seeds otherSeeds(long seed) {
        return new SyntheticRows.Seeds(seed, seed, mixSeeds(seed, cfg.synthesis().seed()), seed);
    }

    /**
     * A trial's seed for one purpose: the trial's own seed (which fixes its subset, validation split and test
     * rows) mixed with the pipeline's configured seed for that purpose ({@code gan.seed}, {@code synthesis.seed}),
     * so that changing a configured seed redraws the sweep's GANs or synthetic rows over the same subsets.
     */
    static long mixSeeds(long trialSeed, long configuredSeed) {
        return new java.util.SplittableRandom(trialSeed * 0x9E3779B97F4A7C15L + configuredSeed).nextLong();
    }
}
