package org.spectrogan.augment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.Fidelity;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.Gan;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;

/**
 * A measurement, not a test (h12g, issue 12): label fidelity and train-on-synthetic accuracy of the concat vs the
 * projection critic, with and without the generator's weight average, on the FIT part of each pipeline's train
 * groups (the GAN trains on the fit rows; the held-out rows are the pipeline's validation groups; the test groups
 * are never read). Run with {@code -Dspectrogan.conditioningHarness=pipelines/a.json,pipelines/b.json} (holding
 * the heavy lock); optional {@code -Dspectrogan.conditioningHarness.variants=concat:0,projection:0,...}.
 */
@EnabledIfSystemProperty(named = "spectrogan.conditioningHarness", matches = ".+")
class ConditioningHarness {
    /** The same measurement outside surefire (the system properties as above). */
    public static void main(String[] args) throws Exception {
        new ConditioningHarness().measure();
    }

    @Test
    void measure() throws Exception {
        String variants = System.getProperty("spectrogan.conditioningHarness.variants",
                "concat:0,projection:0,concat:0.99,projection:0.99");
        long seed = Long.getLong("spectrogan.conditioningHarness.seed", 42L);
        Path work = Files.createTempDirectory("h12g-harness");
        for (String file : System.getProperty("spectrogan.conditioningHarness").split(",")) {
            PipelineConfig cfg = PipelineConfig.load(Path.of(file.trim()));
            AugmentJob.Loaded loaded = RecordingsLoader.INSTANCE.load(cfg);
            FeatureTable rows = Pipeline.selectClasses(loaded.rows(), cfg.classes(), cfg.file());
            rows = GroupSplit.timeBlocks(rows, cfg.split().blockSeconds(), loaded.windowSeconds(),
                    cfg.split().blocksAcrossRecordings());
            FeatureTable train = Pipeline.testSplit(rows, cfg).train(rows); // the test groups are dropped here
            GroupSplit.Parts valParts = GroupSplit.holdOut(train, cfg.validation().fraction(), cfg.split().seed() + 1,
                    "validation split of the train groups");
            FeatureTable fit = valParts.train(train);
            FeatureTable heldOut = valParts.heldOut(train);
            List<String> classes = rows.labels();
            Map<String, Integer> counts = new LinkedHashMap<>(fit.countsByLabel());
            for (String v : variants.split(",")) {
                String[] kv = v.split(":");
                GanConfig gc = cfg.ganConfig().toBuilder().optSeed(seed).optCritic(GanConfig.Critic.parse(kv[0]))
                        .optEmaDecay(Double.parseDouble(kv[1])).build();
                long t0 = System.nanoTime();
                Path dir = work.resolve(cfg.file().getFileName() + "-" + kv[0] + "-" + kv[1]);
                List<String> cells = new ArrayList<>();
                try (GanModel model = Gan.train(GanSettings.trainingSet(fit, classes, Map.of("fit", "h12g")), gc, dir,
                        false, TrainingListener.NONE)) {
                    FeatureTable synthetic = GanSettings.generate(model, fit.featureNames(), counts, seed + 1);
                    for (String name : List.of("logreg", "forest")) {
                        Fidelity.Comparison c = Fidelity.compare(fit, heldOut, synthetic, Classifiers.byName(name), seed);
                        cells.add(String.format("%s fid %.3f (bal %.3f) realHeldOut %.3f TSTR %.3f TRTR %.3f", name,
                                c.labelFidelity(), c.labelFidelityBalanced(), c.heldOutAccuracy(),
                                c.trainOnSyntheticBalancedAccuracy(), c.trainOnRealBalancedAccuracy()));
                    }
                }
                System.out.printf("H12G %s %s critic=%s ema=%s steps=%d fit=%d heldOut=%d classes=%d train=%.0fs | %s%n",
                        Instant.now(), cfg.file().getFileName(), kv[0], kv[1], gc.steps(), fit.size(), heldOut.size(),
                        classes.size(), (System.nanoTime() - t0) / 1e9, String.join(" | ", cells));
            }
        }
    }
}
