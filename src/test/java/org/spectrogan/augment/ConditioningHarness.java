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
 *
 * <p>h12c: a variant is {@code critic:emaDecay[:augment[:select]]}, augment {@code off} or {@code on}
 * (DiffAugment noise 0.1 z, scale 0.1, mixup 0) or {@code patch} (also time shift 0.125, time and frequency masks
 * 0.125), select {@code w} (the last step) or {@code q} (the best quality score every steps/10 steps; the GAN then
 * trains on 75% of the fit groups and is scored against the other 25%, so that the rows it is finally measured
 * on, the validation groups, never choose anything). h12e: an emaDecay ending in {@code nw} (e.g. {@code 0.999nw})
 * turns the average's warm-up off (default on). {@code -Dspectrogan.conditioningHarness.seeds=1,2,3} runs
 * every variant with each seed; {@code -Dspectrogan.conditioningHarness.steps=N} overrides the pipeline's steps.
 * h12h: an optional fifth field is the auxiliary classifier's weight (e.g. {@code projection:0:off:w:0.5}; default
 * the pipeline's own when left out, i.e. the library default, 0).
 * h12o: an optional sixth field is the generator's anchor ({@code none}, {@code gaussian}, {@code smote},
 * {@code mixup}, e.g. {@code concat:0:off:q:0:gaussian}); the variant {@code gaussian} (h12p: or {@code smote},
 * {@code mixup}) alone measures that augmenter fitted on the same rows (the anchor's distribution) as a reference.
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
        String seedList = System.getProperty("spectrogan.conditioningHarness.seeds",
                Long.toString(Long.getLong("spectrogan.conditioningHarness.seed", 42L)));
        Integer stepsOverride = Integer.getInteger("spectrogan.conditioningHarness.steps");
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
            for (String seedText : seedList.split(",")) {
            long seed = Long.parseLong(seedText.trim());
            for (String v : variants.split(",")) {
                if (List.of("gaussian", "smote", "mixup").contains(v)) {
                    long t0 = System.nanoTime();
                    FeatureTable synthetic = org.spectrogan.augment.augmenters.Augmenters.byName(v)
                            .synthesize(fit, counts, seed + 1);
                    System.out.printf("H12G %s %s " + v + "-augmenter seed=%d fit=%d heldOut=%d classes=%d train=%.0fs | %s%n",
                            Instant.now(), cfg.file().getFileName(), seed, fit.size(), heldOut.size(), classes.size(),
                            (System.nanoTime() - t0) / 1e9, String.join(" | ", cells(fit, heldOut, synthetic, seed)));
                    continue;
                }
                String[] kv = v.split(":");
                String aug = kv.length > 2 ? kv[2] : "off";
                boolean byQuality = kv.length > 3 && kv[3].equals("q");
                GanConfig.Builder gb = cfg.ganConfig().toBuilder().optSeed(seed).optCritic(GanConfig.Critic.parse(kv[0]))
                        .optEmaDecay(Double.parseDouble(kv[1].replace("nw", "")))
                        .optEmaWarmup(!kv[1].endsWith("nw")).optDiffAugment(switch (aug) {
                            case "off" -> org.spectrogan.gan.DiffAugment.Strength.OFF;
                            case "on" -> new org.spectrogan.gan.DiffAugment.Strength(0.1, 0.1, 0, 0, 0, 0);
                            case "patch" -> new org.spectrogan.gan.DiffAugment.Strength(0.1, 0.1, 0, 0.125, 0.125, 0.125);
                            default -> throw new IllegalArgumentException("augment " + aug);
                        });
                if (kv.length > 4) {
                    gb.optAuxClassifierWeight(Double.parseDouble(kv[4]));
                }
                if (kv.length > 5) {
                    gb.optAnchor(kv[5]);
                }
                if (stepsOverride != null) {
                    gb.optSteps(stepsOverride);
                }
                int steps = gb.build().steps();
                FeatureTable ganRows = fit;
                org.spectrogan.gan.SampleScorer scorer = null;
                if (byQuality) {
                    GroupSplit.Parts inner = GroupSplit.holdOut(fit, 0.25, seed + 17, "quality split of the fit groups");
                    ganRows = inner.train(fit);
                    scorer = GanAugmenter.qualityScorer(ganRows, inner.heldOut(fit), classes, Classifiers.byName("logreg"),
                            seed);
                    gb.optSelectBy(GanConfig.SelectBy.QUALITY).optScoreEverySteps(Math.max(1, steps / 10));
                }
                GanConfig gc = gb.build();
                long t0 = System.nanoTime();
                Path dir = work.resolve(cfg.file().getFileName() + "-" + v.replace(':', '-') + "-" + seed);
                List<String> cells = new ArrayList<>();
                int chosen;
                try (GanModel model = Gan.train(GanSettings.trainingSet(ganRows, classes, Map.of("fit", "h12g")), gc, dir,
                        false, TrainingListener.NONE, scorer)) {
                    chosen = model.selectedStep();
                    FeatureTable synthetic = GanSettings.generate(model, fit.featureNames(), counts, seed + 1);
                    cells.addAll(cells(fit, heldOut, synthetic, seed));
                }
                System.out.printf("H12G %s %s critic=%s ema=%s aug=%s select=%s aux=%s anchor=%s seed=%d steps=%d chosen=%d fit=%d "
                                + "ganRows=%d heldOut=%d classes=%d train=%.0fs | %s%n",
                        Instant.now(), cfg.file().getFileName(), kv[0], kv[1], aug, byQuality ? "q" : "w",
                        gc.auxClassifierWeight(), gc.anchor().cliName(), seed, gc.steps(),
                        chosen, fit.size(), ganRows.size(), heldOut.size(), classes.size(), (System.nanoTime() - t0) / 1e9,
                        String.join(" | ", cells));
            }
            }
        }
    }

    /** The figures of one set of synthetic rows against the fit rows and the held-out (validation) rows. */
    static List<String> cells(FeatureTable fit, FeatureTable heldOut, FeatureTable synthetic, long seed) {
        List<String> cells = new ArrayList<>();
        // h12h: mean per-class MMD^2 to the held-out rows (Fidelity.QualityScore's, z units of the fit
        // rows), of the synthetic rows and, as the real-vs-real level, of the fit rows themselves
        Fidelity.QualityScore q = Fidelity.qualityScore(fit, heldOut, Classifiers.byName("logreg"), seed);
        cells.add(String.format("mmd2 synthetic %.4f real %.4f",
                q.score(synthetic.matrix(), synthetic.rows().stream().map(FeatureTable.Row::label)
                        .toArray(String[]::new)).meanMmd2(),
                q.score(fit.matrix(), fit.rows().stream().map(FeatureTable.Row::label).toArray(String[]::new))
                        .meanMmd2()));
        for (String name : List.of("logreg", "forest")) {
            Fidelity.Comparison c = Fidelity.compare(fit, heldOut, synthetic, Classifiers.byName(name), seed);
            cells.add(String.format("%s fid %.3f (bal %.3f) realHeldOut %.3f atMix %.3f TSTR %.3f TRTR %.3f", name,
                    c.labelFidelity(), c.labelFidelityBalanced(), c.heldOutAccuracy(), c.heldOutAccuracyAtSyntheticMix(),
                    c.trainOnSyntheticBalancedAccuracy(), c.trainOnRealBalancedAccuracy()));
        }
        cells.add(gainAtQuarter(fit, heldOut, synthetic, seed));
        return cells;
    }

    /**
     * h12p: the gain of adding synthetic rows to the real ones on the held-out (validation) rows: logreg's balanced
     * accuracy trained on the fit rows plus, per class, the first quarter of the class's fit count of synthetic rows
     * (the 25% fraction of {@code bench quality}), minus trained on the fit rows alone.
     */
    static String gainAtQuarter(FeatureTable fit, FeatureTable heldOut, FeatureTable synthetic, long seed) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        fit.countsByLabel().forEach((label, n) -> wanted.put(label, (int) Math.round(0.25 * n)));
        List<FeatureTable.Row> rows = new ArrayList<>(fit.rows());
        for (FeatureTable.Row r : synthetic.rows()) {
            int left = wanted.getOrDefault(r.label(), 0);
            if (left > 0) {
                rows.add(r);
                wanted.put(r.label(), left - 1);
            }
        }
        FeatureTable mixed = new FeatureTable(fit.featureNames(), rows);
        String[] truth = heldOut.rows().stream().map(FeatureTable.Row::label).toArray(String[]::new);
        double real = org.spectrogan.evaluate.ConfusionMatrix.of(truth,
                Classifiers.byName("logreg").fit(fit, seed).predict(heldOut)).balancedAccuracy();
        double plus = org.spectrogan.evaluate.ConfusionMatrix.of(truth,
                Classifiers.byName("logreg").fit(mixed, seed).predict(heldOut)).balancedAccuracy();
        return String.format("logreg gain25 %+.1f (real %.3f, real+25%% %.3f, added %d)", 100 * (plus - real), real, plus,
                rows.size() - fit.size());
    }
}
