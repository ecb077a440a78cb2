package org.spectrogan.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.GainEvaluation;
import org.spectrogan.evaluate.LowDataSweep;
import org.spectrogan.evaluate.Metric;
import org.spectrogan.evaluate.QualityTable;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/**
 * {@code spectrogan bench quality}'s work for one pipeline: the pipeline under a stated budget with every augmenter
 * ({@link #AUGMENTERS}, the GAN first, so the written rows and the do-no-harm check are the default cwgan ones) over
 * the same trials, then the {@link QualityTable.Input} taken from the run's own figures: the GAN arm's
 * {@code Fidelity.compare} against the real test rows, every arm's sweep gain, the sweep's ceiling, and what
 * dataset.csv's synthetic rows do on test.csv. Nothing is written but the GAN's scratch folders (deleted).
 */
public final class QualityBench {
    /** The augmenters compared, the GAN first (it makes the written rows, as by default). */
    public static final List<String> AUGMENTERS = List.of(GanAugmenter.NAME, "gaussian", "smote", "mixup", "noise", "oversample");

    /**
     * The budget: {@code repeats}, {@code fractions} (shares of the train rows below 1) and {@code steps} (every
     * GAN, the sweep's too) replace the pipeline's when not null; {@code allClassifiers} false keeps only the
     * pipeline's first classifier (its do-no-harm judge, the one the table reports).
     */
    public record Settings(Integer repeats, List<Double> fractions, Integer steps, boolean allClassifiers) {
        public Settings {
            fractions = fractions == null ? null : List.copyOf(fractions);
        }
    }

    private QualityBench() {
    }

    /** The pipeline as the bench runs it: all augmenters listed, the budget applied; validated like the file. */
    public static PipelineConfig configure(PipelineConfig cfg, Settings s) {
        try {
            return configured(cfg, s);
        } catch (IllegalArgumentException ex) {
            throw org.spectrogan.common.SpectroganException.inFile(cfg.file(), "bench quality: " + ex.getMessage(), ex);
        }
    }

    private static PipelineConfig configured(PipelineConfig cfg, Settings s) {
        PipelineConfig.Evaluation e = cfg.evaluation();
        PipelineConfig.Evaluation.Builder eb = e.toBuilder().optLowDataSweep(true).optCeiling(true);
        if (s.repeats() != null) {
            eb.optRepeats(s.repeats());
        }
        if (s.fractions() != null) {
            eb.optFractions(s.fractions());
        }
        if (!s.allClassifiers()) {
            eb.optClassifiers(List.of(e.classifiers().get(0)));
        }
        if (e.averaged() != null) {
            PipelineConfig.Averaged a = e.averaged();
            eb.optAveraged(new PipelineConfig.Averaged(a.trainParticipants(), a.poolParticipants(), a.syntheticRatio(),
                    AUGMENTERS.subList(1, AUGMENTERS.size()), null, a.syntheticSpread()));
        }
        PipelineConfig.Synthesis syn = cfg.synthesis();
        PipelineConfig.Synthesis synthesis = new PipelineConfig.Synthesis(syn.mode(), syn.ratio(), syn.counts(), syn.seed(), AUGMENTERS);
        PipelineConfig c = new PipelineConfig(cfg.file(), cfg.name(), cfg.description(), cfg.dataPath(), cfg.adapterPath(),
                cfg.features(), cfg.classes(), cfg.split(), cfg.gan(), synthesis, cfg.qualityGate(), eb.build(), cfg.validation(),
                cfg.force(), cfg.smoothingWindows(), cfg.maxRows());
        return c.under(new Pipeline.Budget(s.steps() == null ? 0 : s.steps(), false));
    }

    /** The budget in words, e.g. "3 repeats, fractions 25%, 50%; GAN 300 steps (sweep 300); logreg". */
    public static String budget(PipelineConfig c) {
        List<String> fr = new ArrayList<>();
        for (double f : c.evaluation().fractions()) {
            if (f < 1.0) {
                fr.add(Math.round(100 * f) + "%");
            }
        }
        GanConfig g = c.ganConfig();
        String points = "averaged".equals(c.evaluation().protocol())
                ? "participants " + c.evaluation().averaged().trainParticipants() + " of " + c.evaluation().averaged().poolParticipants()
                : "fractions " + String.join(", ", fr);
        return String.format(Locale.ROOT, "%d repeats, %s; GAN %d steps (sweep %d), %s", c.evaluation().repeats(), points,
                g.steps(), c.sweepGanConfig().steps(), String.join(", ", c.evaluation().classifiers()));
    }

    /** Runs {@code cfg} (already {@link #configure}d) and returns the table's input. */
    public static QualityTable.Input measure(PipelineConfig cfg, AugmentJob.Loader loader, GanSettings.Trainer trainer,
                                             Progress progress) {
        loader.validate(cfg);
        progress.stage("bench quality: " + cfg.name() + ": " + budget(cfg));
        AugmentJob.Loaded loaded = new AugmentJob(cfg, Pipeline.Budget.full(), loader, trainer, progress).prepare();
        Path modelDir;
        try {
            modelDir = Files.createTempDirectory("spectrogan-bench-quality");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pipeline.Result r = null;
        try {
            r = new Pipeline(cfg, trainer, progress, Map.of()).run(loaded.rows(), modelDir.resolve("model"));
            return input(cfg, r);
        } finally {
            if (r != null && r.written().model() != null) {
                r.written().model().close();
            }
            AtomicFiles.deleteTree(modelDir);
        }
    }

    /** The table's input from one run's result: the report's own figures, plus the written rows' effect on test. */
    static QualityTable.Input input(PipelineConfig cfg, Pipeline.Result r) {
        String first = cfg.evaluation().classifiers().get(0);
        List<Classifier> classifiers = cfg.evaluation().classifiers().stream().map(Classifiers::byName).toList();
        String judge = classifiers.get(0).name();
        org.spectrogan.evaluate.Fidelity.Comparison fidelity = null;
        List<QualityTable.Cell> gains = new ArrayList<>();
        for (Pipeline.AugmenterArm a : r.augmenters()) {
            if (QualityTable.GAN.equals(a.augmenter())) {
                fidelity = a.fidelity();
            }
            for (LowDataSweep.Point p : a.sweep()) {
                gains.add(new QualityTable.Cell(a.augmenter(), percent(p.fraction()), p.fraction(),
                        p.classifiers().get(0).gain().get(Metric.BALANCED_ACCURACY)));
            }
        }
        List<QualityTable.Cell> ceiling = new ArrayList<>();
        for (LowDataSweep.Point p : r.sweep()) {
            if (!p.ceiling().isEmpty()) {
                ceiling.add(new QualityTable.Cell("ceiling", percent(p.fraction()), p.fraction(),
                        p.ceiling().get(0).gain().get(Metric.BALANCED_ACCURACY)));
            }
        }
        String ceilingAbsent = null;
        if (r.averaged() != null) {
            // the averaged protocol: participant counts instead of row fractions, no held-back real participants
            int pool = r.averaged().pool().size();
            for (AveragedProtocol.Cell c : r.averaged().cells()) {
                if (c.classifier().equals(judge) && c.gainOverReal() != null) {
                    String arm = AveragedProtocol.GAN.equals(c.arm()) ? QualityTable.GAN : c.arm();
                    gains.add(new QualityTable.Cell(arm, c.trainParticipants() + " of " + pool + " participants",
                            c.trainParticipants() / (double) pool, c.gainOverReal()));
                }
            }
            ceilingAbsent = "the averaged protocol holds back no real participants";
        } else if (ceiling.isEmpty()) {
            ceilingAbsent = "no sweep fraction below 100%";
        }
        FeatureTable synthetic = r.dataset().filter(row -> FeatureTable.SYNTHETIC.equals(row.source()));
        List<QualityTable.WrittenEffect> written = new ArrayList<>();
        if (synthetic.size() > 0) {
            List<GainEvaluation.Trial> trials = GainEvaluation.repeatedTrials(r.split().train(), synthetic, r.split().test(),
                    cfg.evaluation().repeats(), GainEvaluation.DEFAULT_REPEAT_FRACTION, cfg.split().seed() + 17);
            org.spectrogan.evaluate.FitCache fits = new org.spectrogan.evaluate.FitCache();
            List<GainEvaluation.ClassifierGain> writtenGains = GainEvaluation.evaluate(trials, classifiers, s -> { }, fits);
            for (int i = 0; i < writtenGains.size(); i++) {
                // the same procedure and seed as report.json's datasetContents.effectOnResampledTestGroups
                written.add(new QualityTable.WrittenEffect(writtenGains.get(i).classifier(), writtenGains.get(i).gain().get(Metric.BALANCED_ACCURACY),
                        org.spectrogan.evaluate.TestGroupEffect.of(trials, classifiers.get(i), fits,
                                cfg.split().seed() + Pipeline.WRITTEN_EFFECT_SEED)));
            }
        }
        return new QualityTable.Input(cfg.name(), first, budget(cfg), "real test rows", fidelity, gains, ceiling,
                ceilingAbsent, synthetic.size(), written);
    }

    private static String percent(double f) {
        return Math.round(100 * f) + "%";
    }
}
