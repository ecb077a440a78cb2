package org.spectrogan.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.augment.augmenters.Augmenters;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;

/**
 * The one synthesis procedure, used for the written dataset, every other fold and every low-data sweep subset:
 * the configured augmenters ({@code synthesis.augmenter}; the GAN is one of them, {@link GanAugmenter}) are tried
 * by the do-no-harm check, an inner group cross-validation over the rows' groups
 * ({@link DoNoHarm#groupCheck()}), and the setting it admits (or, when forced, the configured one) makes the
 * synthetic rows from all the rows. Nothing outside the rows given is used.
 */
final class SyntheticRows {
    private static final String MISSING_CLASS = "a class is missing from these rows";
    /** The bootstrap percentile of the gain over groups that must be above zero: 5, since several settings are tried. */
    static final double LOWER_PERCENTILE = 5;

    /** The seeds of one run of the procedure: group folds of the check, the check's draws, generation, quality gate. */
    record Seeds(long validationSplit, long check, long generate, long gate) {
    }

    /**
     * Where the GAN trained on all the rows goes: into {@code modelDir} with {@code listener} told of its steps,
     * the model kept open in the result and a training error thrown; or ({@code modelDir} null) into a scratch
     * folder deleted afterwards, a training error (too few rows for a batch and the like) giving no GAN rows.
     * GANs of the check's folds always train in scratch folders.
     */
    record Training(Path modelDir, TrainingListener listener) {
        static Training scratch() {
            return new Training(null, TrainingListener.NONE);
        }
    }

    /**
     * What one run made. {@code decision} is the group check's (null when the rows lack a class); {@code model}
     * is the GAN trained on all the rows, open only for {@link Training#modelDir} runs; {@code augmenter} and
     * {@code amountScale} the setting whose rows {@code kept} holds (admitted, or configured when unhelped rows
     * were asked for; null when none); {@code arms} every listed augmenter's rows at amount x1 on the same rows
     * (for side-by-side figures); {@code skipped} says why a run made no rows (null otherwise).
     */
    record Result(int rows, long seed, GanModel model, DoNoHarm.GroupDecision decision, String augmenter,
                  double amountScale, QualityGate.Level gateLevel, FeatureTable offered, QualityGate.Result gated,
                  FeatureTable kept, Map<String, FeatureTable> arms, String skipped, List<GanSettings.ChosenStep> gans) {
        Result {
            gans = gans == null ? List.of() : List.copyOf(gans);
        }

        /** This result with {@code trained}, the GANs the run trained, ordered by check fold (the run's own last). */
        Result withGans(List<GanSettings.ChosenStep> trained) {
            List<GanSettings.ChosenStep> sorted = new ArrayList<>(trained);
            sorted.sort(java.util.Comparator.comparing(g -> g.checkFold() == null ? Integer.MAX_VALUE : g.checkFold()));
            return new Result(rows, seed, model, decision, augmenter, amountScale, gateLevel, offered, gated, kept, arms,
                    skipped, sorted);
        }

        boolean helped() {
            return decision != null && decision.admitted();
        }

        /** The setting in words, e.g. "gaussian, amount x0.5" (null when no rows were made). */
        String setting() {
            return augmenter == null ? null : augmenter + ", amount x" + DoNoHarm.fmt(amountScale)
                    + (GanAugmenter.NAME.equals(augmenter) ? ", gate " + gateLevel.name() : "");
        }

        /** The row of report.json's fold and sweep logs for this run (null for rows lacking a class: not logged). */
        Log log() {
            if (MISSING_CLASS.equals(skipped)) {
                return null;
            }
            if (skipped != null) {
                return new Log(rows, seed, null, null, null, skipped);
            }
            return new Log(rows, seed, decision.admitted(), helped() ? setting() : null, decision.summary(), null);
        }
    }

    /** One run in report.json: its rows, seed, whether the check admitted rows and which (or why it was skipped). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Log(int rows, long seed, Boolean helped, String admitted, String summary, String skipped) {
    }

    private final PipelineConfig cfg;
    private final GanSettings.Trainer trainer;
    private final List<String> classNames;
    private final Classifier judge;
    private final Map<String, String> inputHashes;

    SyntheticRows(PipelineConfig cfg, GanSettings.Trainer trainer, List<String> classNames, Classifier judge,
                  Map<String, String> inputHashes) {
        this.cfg = cfg;
        this.trainer = trainer;
        this.classNames = classNames;
        this.judge = judge;
        this.inputHashes = inputHashes;
    }

    /** The configured gate level of the GAN's rows. */
    private QualityGate.Level gateLevel() {
        PipelineConfig.QualityGate g = cfg.qualityGate();
        return g.enabled() ? new QualityGate.Level("configured", true, g.confidence(), g.radiusPercentile())
                : QualityGate.Level.off();
    }

    /**
     * Runs the procedure on {@code rows}. When the check admits nothing the result keeps the configured setting's
     * rows (the first listed augmenter, amount x1) if {@code rowsEvenIfUnhelped}, else no rows.
     */
    Result make(FeatureTable rows, Seeds seeds, GanConfig gc, Training training, boolean rowsEvenIfUnhelped) {
        return make(rows, seeds, gc, training, rowsEvenIfUnhelped, true);
    }

    /** As {@link #make(FeatureTable, Seeds, GanConfig, Training, boolean)}; {@code withArms} false skips the side-by-side rows. */
    Result make(FeatureTable rows, Seeds seeds, GanConfig gc, Training training, boolean rowsEvenIfUnhelped,
                boolean withArms) {
        FeatureTable empty = new FeatureTable(rows.featureNames(), List.of());
        if (rows.labels().size() < classNames.size()) {
            return new Result(rows.size(), seeds.validationSplit(), null, null, null, 1.0, gateLevel(), empty, null, empty,
                    Map.of(), MISSING_CLASS, List.of());
        }
        boolean keep = training.modelDir() != null;
        List<Path> scratch = new ArrayList<>();
        String[] failure = new String[1];
        List<GanSettings.ChosenStep> trained = java.util.Collections.synchronizedList(new ArrayList<>());
        GanAugmenter.Source source = fitRows -> {
            boolean all = fitRows == rows;
            Integer checkFold = all ? null : checkFold(rows, fitRows, seeds);
            if (all && keep) {
                return train(fitRows, gc, training.modelDir(), training.listener(), checkFold, trained);
            }
            Path dir = scratchDir();
            synchronized (scratch) {
                scratch.add(dir);
            }
            try {
                return train(fitRows, gc, dir, all ? training.listener() : TrainingListener.NONE, checkFold, trained);
            } catch (SpectroganException e) {
                if (all) {
                    failure[0] = e.getMessage();
                }
                return null;
            }
        };
        GanAugmenter gan = new GanAugmenter(source, classNames, judge, gateLevel());
        GanModel model = null;
        boolean done = false;
        try {
            Result r = run(rows, seeds, gan, keep, rowsEvenIfUnhelped, withArms, failure);
            model = r.model();
            done = true;
            return r.withGans(trained);
        } finally {
            gan.closeAllBut(keep && done ? model : null);
            for (Path d : scratch) {
                AtomicFiles.deleteTree(d);
            }
        }
    }

    /**
     * Trains the GAN of {@code ganRows}: on all of them, or under {@code gan.selectBy: quality} on
     * {@link GanSettings#qualityRows} of them with the held-out groups scoring its snapshots (the judge as labeller).
     */
    private GanModel train(FeatureTable ganRows, GanConfig gc, Path dir, TrainingListener listener, Integer checkFold,
                           List<GanSettings.ChosenStep> trained) {
        GanData g = ganData(ganRows, gc);
        GanModel m = g.scorer() == null ? trainer.train(g.data(), gc, dir, listener)
                : trainer.train(g.data(), gc, dir, listener, g.scorer());
        if (m != null) {
            trained.add(GanSettings.ChosenStep.of(m, checkFold, g.data().x().length));
        }
        return m;
    }

    /**
     * What the GAN of {@code ganRows} trains on: all of them, or under {@code gan.selectBy: quality}
     * {@link GanSettings#qualityRows} of them with the scorer of its snapshots (a one-line error when they cannot be
     * split).
     */
    private GanData ganData(FeatureTable ganRows, GanConfig gc) {
        if (gc.selectBy() == GanConfig.SelectBy.QUALITY) {
            GanSettings.QualityRows q = GanSettings.qualityRows(ganRows, classNames, judge, gc.seed());
            return new GanData(GanSettings.trainingSet(q.gan(), classNames, inputHashes), q.scorer(), false);
        }
        return new GanData(GanSettings.trainingSet(ganRows, classNames, inputHashes), null, false);
    }

    /**
     * One GAN's training rows and, under {@code gan.selectBy: quality}, the scorer of its snapshots (null otherwise);
     * {@code allRows} whether it is the run's GAN on all its rows (not a check fold's).
     */
    record GanData(org.spectrogan.gan.TrainingSet data, org.spectrogan.gan.SampleScorer scorer, boolean allRows) {
    }

    /** The do-no-harm check's fold (1-based) whose train rows {@code fitRows} are (null when none matches). */
    private Integer checkFold(FeatureTable rows, FeatureTable fitRows, Seeds seeds) {
        java.util.Set<String> fitGroups = new java.util.HashSet<>();
        fitRows.rows().forEach(r -> fitGroups.add(r.group()));
        java.util.Set<String> held = new java.util.HashSet<>();
        rows.rows().forEach(r -> {
            if (!fitGroups.contains(r.group())) {
                held.add(r.group());
            }
        });
        List<List<String>> folds = DoNoHarm.stratifiedGroupFolds(rows, cfg.validation().folds(), checkSeed(seeds));
        for (int k = 0; k < folds.size(); k++) {
            if (new java.util.HashSet<>(folds.get(k)).equals(held)) {
                return k + 1;
            }
        }
        return null;
    }

    /** The group check's seed for {@code seeds} (its folds and draws). */
    private static long checkSeed(Seeds seeds) {
        return seeds.check() ^ seeds.validationSplit() * 31;
    }

    /**
     * The rows {@link #make} would train GANs on for {@code rows} and {@code seeds}, in the order it trains them
     * (one per fold of the group check when it tries cwgan and does not refuse first, then all the rows; empty when
     * cwgan is not listed or a class is missing):
     * lets a scheduler train the GANs of many runs up front ({@link PreparedGans}) with the same data. Under
     * {@code gan.selectBy: quality} ({@code gc}'s, whose seed draws the scoring groups) each comes with its scorer
     * (its rows without the scoring groups); a GAN whose rows cannot be split so is left out (it fails when asked
     * for, as on demand).
     */
    List<GanData> ganData(FeatureTable rows, Seeds seeds, GanConfig gc) {
        if (rows.labels().size() < classNames.size() || !cfg.synthesis().augmenters().contains(GanAugmenter.NAME)) {
            return List.of();
        }
        List<FeatureTable> out = new ArrayList<>();
        // the check trains a GAN per fold only when it tries cwgan and does not refuse first (too few groups, or a
        // fold leaving a class without fit rows)
        if (triedByCheck().contains(GanAugmenter.NAME)
                && DoNoHarm.tooFewGroups(rows, DoNoHarm.MIN_GROUPS_PER_CLASS, "training") == null) {
            List<FeatureTable> folds = new ArrayList<>();
            for (List<String> fold : DoNoHarm.stratifiedGroupFolds(rows, cfg.validation().folds(), checkSeed(seeds))) {
                java.util.Set<String> held = new java.util.HashSet<>(fold);
                FeatureTable fit = rows.filter(r -> !held.contains(r.group()));
                if (fit.labels().size() < classNames.size()) {
                    folds.clear();
                    break;
                }
                folds.add(fit);
            }
            out.addAll(folds);
        }
        out.add(rows);
        List<GanData> data = new ArrayList<>();
        for (FeatureTable t : out) {
            try {
                GanData d = ganData(t, gc);
                data.add(t == rows ? new GanData(d.data(), d.scorer(), true) : d);
            } catch (SpectroganException e) {
                // too few groups to hold some out for the score: trained (and failing) when asked for
            }
        }
        return data;
    }

    /** The augmenters the do-no-harm check tries: every listed one with auto, else the first listed. */
    private List<String> triedByCheck() {
        List<String> listed = cfg.synthesis().augmenters();
        return cfg.synthesis().auto() ? List.copyOf(new java.util.LinkedHashSet<>(listed)) : List.of(listed.get(0));
    }

    private Result run(FeatureTable rows, Seeds seeds, GanAugmenter gan, boolean keep, boolean rowsEvenIfUnhelped,
                       boolean withArms, String[] failure) {
        FeatureTable empty = new FeatureTable(rows.featureNames(), List.of());
        Map<String, Augmenter> named = new LinkedHashMap<>();
        for (String n : cfg.synthesis().augmenters()) {
            named.put(n, GanAugmenter.NAME.equals(n) ? gan : Augmenters.byName(n));
        }
        List<DoNoHarm.Setting> settings = new ArrayList<>();
        for (String n : triedByCheck()) {
            for (double a : cfg.validation().amounts()) {
                settings.add(new DoNoHarm.Setting(named.get(n), a));
                if ("none".equals(n)) {
                    break;
                }
            }
        }
        DoNoHarm.GroupDecision decision = DoNoHarm.groupCheck()
                .setJudge(judge)
                .setPlan(fitCounts -> SynthesisPlan.counts(fitCounts, cfg.synthesis(), 1.0))
                .optFolds(cfg.validation().folds())
                .optRepeats(cfg.validation().repeats())
                .optMinGainPoints(cfg.validation().minGainPoints())
                .optMetric(org.spectrogan.evaluate.ReportedMetric.parse(cfg.validation().metric()))
                .optLowerPercentile(LOWER_PERCENTILE)
                .optSeed(checkSeed(seeds))
                .build()
                .run(rows, settings);
        GanModel model = keep ? gan.generatorFor(rows) : null;
        String chosen = null;
        double scale = 1.0;
        if (decision.admitted()) {
            chosen = decision.chosen().setting().augmenter().name();
            scale = decision.chosen().setting().amountScale();
        } else if (rowsEvenIfUnhelped) {
            chosen = named.keySet().stream().filter(n -> !"none".equals(n)).findFirst().orElse("none");
        }
        Map<String, Integer> planned = SynthesisPlan.counts(rows.countsByLabel(), cfg.synthesis(), 1.0);
        Map<String, FeatureTable> arms = new LinkedHashMap<>();
        for (var e : named.entrySet()) {
            if (withArms && !"none".equals(e.getKey())) {
                arms.put(e.getKey(), e.getValue().synthesize(rows, planned, seeds.generate()));
            }
        }
        if (chosen == null || "none".equals(chosen)) {
            return new Result(rows.size(), seeds.validationSplit(), model, decision, chosen, scale, gateLevel(), empty,
                    null, empty, arms, null, List.of());
        }
        FeatureTable offered;
        QualityGate.Result gated;
        QualityGate.Level level;
        if (GanAugmenter.NAME.equals(chosen)) {
            GanModel g = gan.generatorFor(rows);
            if (g == null) {
                return new Result(rows.size(), seeds.validationSplit(), null, decision, null, scale, gateLevel(), empty,
                        null, empty, arms, failure[0], List.of());
            }
            level = gateLevel();
            offered = GanSettings.generate(g, rows.featureNames(), planned, seeds.generate());
            gated = new QualityGate(rows, classNames, judge, seeds.gate()).apply(offered, level);
        } else {
            level = QualityGate.Level.off();
            offered = Augmenters.byName(chosen).synthesize(rows, planned, seeds.generate());
            gated = new QualityGate(rows, classNames, judge, seeds.gate()).apply(offered, level);
        }
        FeatureTable kept = DoNoHarm.takePerClass(gated.kept(), planned, scale);
        return new Result(rows.size(), seeds.validationSplit(), model, decision, chosen, scale, level, offered, gated,
                kept, arms, null, List.of());
    }

    /** Rows per class of a table, for figures (every class of the run, 0 when absent). */
    Map<String, Integer> perClass(FeatureTable t) {
        Map<String, Integer> out = new TreeMap<>();
        for (String c : classNames) {
            out.put(c, 0);
        }
        t.countsByLabel().forEach(out::put);
        return out;
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("spectrogan-gan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
