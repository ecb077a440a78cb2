package org.spectrogan.augment.augmenters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.spectrogan.SharedData;
import org.spectrogan.augment.AugmentJob;
import org.spectrogan.augment.DoNoHarm;
import org.spectrogan.augment.GroupSplit;
import org.spectrogan.augment.Pipeline;
import org.spectrogan.augment.PipelineConfig;
import org.spectrogan.augment.Progress;
import org.spectrogan.augment.RecordingsLoader;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.ConfusionMatrix;
import org.spectrogan.evaluate.Fidelity;
import org.spectrogan.features.FeatureTable;

/**
 * Not a test: a measurement of every simple augmenter on shipped pipelines at 25% of the train groups, beside
 * the ceiling (as many held-back REAL train rows per class as the augmenter adds), with fidelity figures and the
 * group do-no-harm check's decision. Run with
 * {@code flock /tmp/spectrogan-heavy.lock mvn -B -q test -Dtest=AugmenterStudy -Dspectrogan.augmenterStudy=true}
 * (optionally {@code -Dspectrogan.augmenterStudy.pipelines=eeg-eye-state,delhi-epilepsy -Dspectrogan.augmenterStudy.repeats=10});
 * the table goes to stdout and target/augmenter-study.md.
 */
@EnabledIfSystemProperty(named = "spectrogan.augmenterStudy", matches = "true")
class AugmenterStudy {
    static final double FRACTION = 0.25;

    @Test
    void study() throws Exception {
        SharedData.require("data");
        List<String> pipelines = List.of(System.getProperty("spectrogan.augmenterStudy.pipelines", "eeg-eye-state,delhi-epilepsy").split(","));
        int repeats = Integer.getInteger("spectrogan.augmenterStudy.repeats", 10);
        StringBuilder md = new StringBuilder();
        for (String name : pipelines) {
            PipelineConfig cfg = PipelineConfig.load(SharedData.projectRoot().resolve("pipelines").resolve(name + ".json"));
            FeatureTable all = new AugmentJob(cfg, new Pipeline.Budget(0, false), RecordingsLoader.INSTANCE, null, Progress.NONE).prepare().rows();
            GroupSplit.Parts split = Pipeline.testSplits(all, cfg).get(0);
            FeatureTable train = split.train(all);
            FeatureTable test = split.heldOut(all);
            Classifier judge = Classifiers.byName(cfg.evaluation().classifiers().get(0));
            List<String> arms = new ArrayList<>(List.of("ceiling"));
            arms.addAll(Augmenters.NAMES.subList(0, Augmenters.NAMES.size() - 1));
            Map<String, List<Double>> gains = new LinkedHashMap<>();
            Map<String, double[]> fid = new TreeMap<>();
            Map<String, int[]> admitted = new TreeMap<>();
            List<Double> baseAcc = new ArrayList<>();
            int subsetRows = 0;
            int subsetGroups = 0;
            for (int r = 0; r < repeats; r++) {
                long seed = 1000 + r;
                GroupSplit.Parts p = GroupSplit.holdOut(train, 1 - FRACTION, seed, "study subset");
                FeatureTable sub = p.train(train);
                FeatureTable rest = p.heldOut(train);
                subsetRows += sub.size();
                subsetGroups += p.trainGroups().size();
                Map<String, Integer> counts = sub.countsByLabel();
                double base = ba(judge, sub, test, seed);
                baseAcc.add(base);
                for (String arm : arms) {
                    FeatureTable add;
                    if (arm.equals("ceiling")) {
                        add = takePerClass(rest, counts, seed);
                    } else {
                        add = Augmenters.byName(arm).synthesize(sub, counts, seed);
                        Fidelity.Comparison c = Fidelity.compare(sub, rest, add, judge, seed);
                        double[] f = fid.computeIfAbsent(arm, k -> new double[5]);
                        f[0] += c.labelFidelity() / repeats;
                        f[1] += c.heldOutAccuracy() / repeats;
                        f[2] += c.syntheticOverRealRatio() / repeats;
                        f[3] += c.memorisation().medianRatio() / repeats;
                        double mmd = 0;
                        for (Fidelity.ClassMmd m : c.classes()) {
                            mmd += m.mmd2TrainVsSynthetic() / c.classes().size();
                        }
                        f[4] += mmd / repeats;
                        DoNoHarm.GroupDecision d = DoNoHarm.groupCheck().setJudge(judge).setPlan(x -> x).optSeed(seed).build()
                                .run(sub, List.of(new DoNoHarm.Setting(Augmenters.byName(arm), 1.0)));
                        int[] a = admitted.computeIfAbsent(arm, k -> new int[3]);
                        if (d.trials().isEmpty()) {
                            a[2]++;
                        } else if (d.admitted()) {
                            a[0]++;
                            a[1] += ba(judge, sub.concat(add), test, seed) < base ? 1 : 0;
                        }
                    }
                    gains.computeIfAbsent(arm, k -> new ArrayList<>()).add(100 * (ba(judge, sub.concat(add), test, seed) - base));
                }
            }
            md.append(String.format("### %s (%s; %d train rows, %d test rows; %.0f%% of the train groups: mean %.1f groups, %.0f rows; %d repeats)%n%n",
                    name, judge.name(), train.size(), test.size(), 100 * FRACTION, subsetGroups / (double) repeats,
                    subsetRows / (double) repeats, repeats));
            md.append(String.format("real only at %.0f%%: balanced accuracy %.1f%% (mean)%n%n", 100 * FRACTION,
                    100 * baseAcc.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
            md.append("| arm | gain (points, mean ± sd) | share of ceiling | label fidelity | held-out acc | TSTR/TRTR | NN ratio | MMD² | group check: admitted / of which hurt test / refused |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            double ceiling = mean(gains.get("ceiling"));
            for (String arm : arms) {
                List<Double> g = gains.get(arm);
                double[] f = fid.get(arm);
                int[] a = admitted.get(arm);
                md.append(String.format("| %s | %+.2f ± %.2f | %s | %s | %s | %s | %s | %s | %s |%n", arm, mean(g), sd(g),
                        arm.equals("ceiling") ? "1" : String.format("%.2f", mean(g) / ceiling),
                        f == null ? "" : String.format("%.1f%%", 100 * f[0]), f == null ? "" : String.format("%.1f%%", 100 * f[1]),
                        f == null ? "" : String.format("%.2f", f[2]), f == null ? "" : String.format("%.2f", f[3]),
                        f == null ? "" : String.format("%.4f", f[4]),
                        a == null ? "" : a[0] + " / " + a[1] + " / " + a[2]));
            }
            md.append('\n');
        }
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "augmenter-study.md"), md.toString());
    }

    static double ba(Classifier judge, FeatureTable train, FeatureTable test, long seed) {
        String[] truth = test.rows().stream().map(FeatureTable.Row::label).toArray(String[]::new);
        return ConfusionMatrix.of(truth, judge.fit(train, seed).predict(test)).balancedAccuracy();
    }

    /** Up to {@code counts} random rows per class of {@code rows} (the real rows a perfect generator would add). */
    static FeatureTable takePerClass(FeatureTable rows, Map<String, Integer> counts, long seed) {
        List<FeatureTable.Row> shuffled = new ArrayList<>(rows.rows());
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        Map<String, Integer> left = new TreeMap<>(counts);
        List<FeatureTable.Row> out = new ArrayList<>();
        for (FeatureTable.Row r : shuffled) {
            int n = left.getOrDefault(r.label(), 0);
            if (n > 0) {
                out.add(r);
                left.put(r.label(), n - 1);
            }
        }
        return new FeatureTable(rows.featureNames(), out);
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double sd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, v.size() - 1));
    }
}
