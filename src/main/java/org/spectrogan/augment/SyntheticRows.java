package org.spectrogan.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;

/**
 * The one synthesis procedure, used for the written dataset, every other fold and every low-data sweep subset:
 * the rows' groups are split into a fit and a validation part, a GAN trains on the fit part, the do-no-harm
 * check on the validation part picks the gate and amount setting, and the synthetic rows are planned from all the
 * rows, generated, gated by a judge of all the rows and cut to the setting's amount. Nothing outside the rows
 * given is used.
 */
final class SyntheticRows {
    private static final String MISSING_CLASS = "a class is missing from these rows";

    /** The seeds of one run of the procedure: validation split, do-no-harm check, generation, quality gate. */
    record Seeds(long validationSplit, long check, long generate, long gate) {
    }

    /**
     * Where the GAN goes: into {@code modelDir} with {@code listener} told of its steps, the model kept open in
     * the result and a training error thrown; or ({@code modelDir} null) into a scratch folder deleted afterwards,
     * a training error (too few rows for a batch and the like) giving no synthetic rows.
     */
    record Training(Path modelDir, TrainingListener listener) {
        static Training scratch() {
            return new Training(null, TrainingListener.NONE);
        }
    }

    /**
     * What one run made. {@code decision} is null when the rows have too few groups for a validation split (then
     * the configured setting is used unchecked); {@code model} is open only for {@link Training#modelDir} runs;
     * {@code skipped} says why a run made no rows (null otherwise).
     */
    record Result(int rows, long seed, FeatureTable fit, FeatureTable validation, GanModel model,
                  DoNoHarm.Decision decision, DoNoHarm.Candidate setting, FeatureTable offered,
                  QualityGate.Result gated, FeatureTable kept, String skipped) {
        boolean helped() {
            return decision != null && decision.helped();
        }

        /** The row of report.json's fold and sweep logs for this run (null for rows lacking a class: not logged). */
        Log log() {
            if (MISSING_CLASS.equals(skipped)) {
                return null;
            }
            if (skipped != null) {
                return new Log(rows, seed, null, null, skipped);
            }
            if (decision == null) {
                return new Log(rows, seed, null, "too few groups for a validation split: configured gate, no check", null);
            }
            return new Log(rows, seed, decision.helped(), decision.summary(), null);
        }
    }

    /** One run in report.json: its rows, seed, and whether the check found help (or why it was skipped). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Log(int rows, long seed, Boolean helped, String summary, String skipped) {
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

    /**
     * Runs the procedure on {@code rows}. When the check finds no help the result keeps the configured setting's
     * rows if {@code rowsEvenIfUnhelped}, else no rows (and nothing is generated).
     */
    Result make(FeatureTable rows, Seeds seeds, GanConfig gc, Training training, boolean rowsEvenIfUnhelped) {
        FeatureTable empty = new FeatureTable(rows.featureNames(), List.of());
        DoNoHarm.Candidate configured = DoNoHarm.ladder(cfg.qualityGate()).get(0);
        if (rows.labels().size() < classNames.size()) {
            return new Result(rows.size(), seeds.validationSplit(), rows, null, null, null, configured, empty, null, empty,
                    MISSING_CLASS);
        }
        FeatureTable[] parts = fitAndValidation(rows, seeds);
        FeatureTable fit = parts[0];
        FeatureTable validation = parts[1];
        boolean keep = training.modelDir() != null;
        Path dir = keep ? training.modelDir() : scratchDir();
        GanModel model;
        try {
            model = trainer.train(GanSettings.trainingSet(fit, classNames, inputHashes), gc, dir, training.listener());
        } catch (SpectroganException e) {
            if (keep) {
                throw e;
            }
            AtomicFiles.deleteTree(dir);
            return new Result(rows.size(), seeds.validationSplit(), fit, validation, null, null, configured, empty, null,
                    empty, e.getMessage());
        }
        boolean done = false;
        try {
            Result r = afterTraining(rows, seeds, fit, validation, model, configured, rowsEvenIfUnhelped, keep);
            done = true;
            return r;
        } finally {
            if (!keep || !done) {
                model.close();
            }
            if (!keep) {
                AtomicFiles.deleteTree(dir);
            }
        }
    }

    /**
     * The rows {@link #make} would train its GAN on for {@code rows} and {@code seeds} (null when it trains none):
     * lets a scheduler train the GANs of many runs up front ({@link PreparedGans}) with the same data.
     */
    org.spectrogan.gan.TrainingSet ganData(FeatureTable rows, Seeds seeds) {
        if (rows.labels().size() < classNames.size()) {
            return null;
        }
        return GanSettings.trainingSet(fitAndValidation(rows, seeds)[0], classNames, inputHashes);
    }

    /** The fit part and the validation part (null: too few groups for one) of {@code rows}. */
    private FeatureTable[] fitAndValidation(FeatureTable rows, Seeds seeds) {
        if (GroupSplit.groupsByClass(rows).values().stream().allMatch(g -> g.size() >= 2)) {
            GroupSplit.Parts p = GroupSplit.holdOut(rows, cfg.validation().fraction(), seeds.validationSplit(),
                    "validation split of the train groups");
            return new FeatureTable[] {p.train(rows), p.heldOut(rows)};
        }
        return new FeatureTable[] {rows, null};
    }

    private Result afterTraining(FeatureTable rows, Seeds seeds, FeatureTable fit, FeatureTable validation, GanModel model,
                                 DoNoHarm.Candidate configured, boolean rowsEvenIfUnhelped, boolean keep) {
        FeatureTable empty = new FeatureTable(rows.featureNames(), List.of());
        DoNoHarm.Candidate setting = configured;
        DoNoHarm.Decision decision = null;
        if (validation != null) {
            FeatureTable fitRows = fit;
            decision = DoNoHarm.check(fitRows, validation, classNames,
                    (counts, s) -> GanSettings.generate(model, fitRows.featureNames(), counts, s),
                    SynthesisPlan.counts(fitRows.countsByLabel(), cfg.synthesis(), 1.0),
                    DoNoHarm.ladder(cfg.qualityGate()), judge, cfg.validation().repeats(),
                    cfg.validation().minGainPoints(), seeds.check());
            if (decision.helped()) {
                setting = decision.chosen().candidate();
            } else if (!rowsEvenIfUnhelped) {
                return new Result(rows.size(), seeds.validationSplit(), fit, validation, keep ? model : null, decision,
                        setting, empty, null, empty, null);
            }
        }
        Map<String, Integer> planned = SynthesisPlan.counts(rows.countsByLabel(), cfg.synthesis(), 1.0);
        FeatureTable offered = GanSettings.generate(model, rows.featureNames(), planned, seeds.generate());
        QualityGate.Result gated = new QualityGate(rows, classNames, judge, seeds.gate()).apply(offered, setting.gate());
        FeatureTable kept = DoNoHarm.takePerClass(gated.kept(), planned, setting.amountScale());
        return new Result(rows.size(), seeds.validationSplit(), fit, validation, keep ? model : null, decision, setting,
                offered, gated, kept, null);
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("spectrogan-sweep-gan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
