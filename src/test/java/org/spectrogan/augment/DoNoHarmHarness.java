package org.spectrogan.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.GainEvaluation;
import org.spectrogan.evaluate.Metric;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/**
 * A measurement, not a test (h12j, issue 12 part 3): runs {@code augment} on pipelines as the acceptance tests do
 * and prints the do-no-harm check's inner figures (each setting's pooled gain, group-bootstrap bound, per (fold,
 * repeat) gains and synthetic rows, groups per class) beside what dataset.csv's synthetic rows do on the test
 * groups, computed from the written files exactly as {@code PipelineAcceptance.assertDatasetDoesNoHarm} does (the
 * first classifier, 10 paired trials of 80% subsamples, seed 4242). Run with
 * {@code -Dspectrogan.doNoHarmHarness=pipelines/a.json,...} (holding the heavy lock); optional
 * {@code .variants=default,aux} ({@code aux}: critic projection + auxClassifierWeight 0.5) and
 * {@code .quick=true} (default true: the acceptance tests' --quick budget).
 */
@EnabledIfSystemProperty(named = "spectrogan.doNoHarmHarness", matches = ".+")
class DoNoHarmHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        new DoNoHarmHarness().measure();
    }

    @Test
    void measure() throws Exception {
        boolean quick = Boolean.parseBoolean(System.getProperty("spectrogan.doNoHarmHarness.quick", "true"));
        Path work = Files.createTempDirectory("h12j-harness");
        for (String file : System.getProperty("spectrogan.doNoHarmHarness").split(",")) {
            for (String variant : System.getProperty("spectrogan.doNoHarmHarness.variants", "default,aux").split(",")) {
              for (String seed : System.getProperty("spectrogan.doNoHarmHarness.seeds", "file").split(",")) {
               for (String splitSeed : System.getProperty("spectrogan.doNoHarmHarness.splitSeeds", "file").split(",")) {
                PipelineConfig cfg = PipelineConfig.load(Path.of(file.trim()));
                GanConfig.Builder g = cfg.gan().toBuilder();
                if (variant.equals("aux")) {
                    g.optCritic(GanConfig.Critic.PROJECTION).optAuxClassifierWeight(0.5);
                }
                if (!seed.equals("file")) {
                    g.optSeed(Long.parseLong(seed));
                }
                PipelineConfig.Split sp = cfg.split();
                if (!splitSeed.equals("file")) {
                    sp = new PipelineConfig.Split(sp.testFraction(), sp.folds(), Long.parseLong(splitSeed), sp.blockSeconds(),
                            sp.blocksAcrossRecordings(), sp.duplicates());
                }
                cfg = new PipelineConfig(cfg.file(), cfg.name(), cfg.description(), cfg.dataPath(), cfg.adapterPath(),
                        cfg.features(), cfg.classes(), sp, g.build(), cfg.synthesis(), cfg.qualityGate(), cfg.evaluation(),
                        cfg.validation(), cfg.force() || Boolean.getBoolean("spectrogan.doNoHarmHarness.force"),
                        cfg.smoothingWindows(), cfg.maxRows());
                String label = variant + (seed.equals("file") ? "" : " seed " + seed)
                        + (splitSeed.equals("file") ? "" : " split " + splitSeed);
                Path out = work.resolve(cfg.name() + "-" + label.replace(' ', '_'));
                long t0 = System.nanoTime();
                new AugmentJob(cfg, new Pipeline.Budget(0, quick), RecordingsLoader.INSTANCE, GanSettings.Trainer.GAN,
                        Progress.NONE).run(out, false);
                double secs = (System.nanoTime() - t0) / 1e9;
                report(cfg, label, out, secs);
               }
              }
            }
        }
    }

    private static void report(PipelineConfig cfg, String variant, Path out, double secs) throws Exception {
        FeatureTable dataset = FeatureTable.read(out.resolve(AugmentJob.DATASET));
        FeatureTable test = FeatureTable.read(out.resolve(AugmentJob.TEST));
        FeatureTable real = dataset.filter(r -> r.source().equals(FeatureTable.REAL));
        FeatureTable synth = dataset.filter(r -> r.source().equals(FeatureTable.SYNTHETIC));
        JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode d = rep.at("/extra/doNoHarm");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "=== %s [%s] %s, %.0f s: %d real train rows, %d test rows, %d synthetic in dataset.csv%n",
                cfg.name(), variant, Instant.now(), secs, real.size(), test.size(), synth.size()));
        Map<String, TreeSet<String>> groups = new TreeMap<>();
        real.rows().forEach(r -> groups.computeIfAbsent(r.label(), k -> new TreeSet<>()).add(r.group()));
        b.append("train groups per class: ");
        groups.forEach((k, v) -> b.append(k).append('=').append(v.size()).append(' '));
        b.append(String.format(Locale.ROOT, "%nfolds: %s groups%n", sizes(d.get("folds"))));
        b.append("decision: ").append(d.get("summary").asText()).append('\n');
        for (JsonNode s : d.get("settingsTried")) {
            b.append(String.format(Locale.ROOT, "  %-34s pooled %+.2f  p%s %+.2f  synth/fold %.1f  folds:", s.get("setting").asText(),
                    s.get("gainPoints").asDouble(), DoNoHarm.fmt(SyntheticRows.LOWER_PERCENTILE),
                    s.get("gainBootstrapLowerPoints").asDouble(), s.get("syntheticRows").asDouble()));
            for (JsonNode f : s.get("foldTrials")) {
                b.append(String.format(Locale.ROOT, " f%dr%d %+.1f (%d)", f.get("fold").asInt(), f.get("repeat").asInt(),
                        f.get("gainPoints").asDouble(), f.get("syntheticRows").asInt()));
            }
            double hurt = 0;
            int n = 0;
            for (JsonNode g : s.get("gainPointsByGroup")) {
                hurt += g.asDouble() < 0 ? 1 : 0;
                n++;
            }
            b.append(String.format(Locale.ROOT, "  groups hurt %d/%d%n", (int) hurt, n));
        }
        b.append("dataset.csv synthetic per class: ").append(synth.countsByLabel()).append('\n');
        if (synth.size() > 0) {
            b.append("TEST (acceptance computation): ").append(effects(cfg, real, synth, test)).append('\n');
            for (JsonNode e : rep.at("/extra/datasetContents/effectOnResampledTestGroups")) {
                b.append(String.format(Locale.ROOT, "  report.json (%s): %+.1f [%+.1f, %+.1f] over %d test groups, %d trials%n",
                        e.get("classifier").asText(), e.get("meanPoints").asDouble(), e.get("lowPoints").asDouble(),
                        e.get("highPoints").asDouble(), e.get("testGroups").asInt(), e.get("trials").asInt()));
            }
        } else {
            b.append("TEST: no synthetic rows in dataset.csv (real only by construction)\n");
        }
        FeatureTable offered = readMaybeEmpty(out.resolve(AugmentJob.SYNTHETIC), dataset.featureNames());
        if (offered.size() > 0 && synth.size() == 0) {
            b.append(String.format(Locale.ROOT, "  (synthetic.csv's %d rows, not written, on test: %s)%n", offered.size(),
                    effects(cfg, real, offered, test)));
        }
        b.append("CSV\t").append(cfg.name()).append('\t').append(variant).append('\t')
                .append(rep.at("/extra/doNoHarm/helped").asBoolean()).append('\t').append(synth.size()).append('\t')
                .append(offered.size()).append('\t').append(offered.size() > 0 ? effects(cfg, real, offered, test) : "-").append('\n');
        System.out.print(b);
        System.out.flush();
    }

    /**
     * {@code synth}'s effect on test with the first classifier, as {@code PipelineAcceptance.assertDatasetDoesNoHarm}
     * computes it (10 paired trials of 80%, seed 4242; bootstrap seed 4243): resampled test groups, then fixed.
     */
    private static String effects(PipelineConfig cfg, FeatureTable real, FeatureTable synth, FeatureTable test) {
        var judge = Classifiers.byName(cfg.evaluation().classifiers().get(0));
        var trials = GainEvaluation.repeatedTrials(real, synth, test, 10, 0.8, 4242);
        var fits = new org.spectrogan.evaluate.FitCache();
        var fixed = GainEvaluation.evaluate(trials, List.of(judge), x -> { }, fits).get(0).gain().get(Metric.BALANCED_ACCURACY);
        var e = org.spectrogan.evaluate.TestGroupEffect.of(trials, judge, fits, 4243);
        return String.format(Locale.ROOT, "%s %+.1f [%+.1f, %+.1f] resampled (%d groups)%s; fixed [%+.1f, %+.1f]%s",
                judge.name(), e.meanPoints(), e.lowPoints(), e.highPoints(), e.testGroups(), e.harms() ? " HARM" : "",
                100 * fixed.lower(), 100 * fixed.upper(), fixed.belowZero() ? " HARM" : "");
    }

    private static String sizes(JsonNode folds) {
        StringBuilder b = new StringBuilder();
        for (JsonNode f : folds) {
            b.append(b.length() == 0 ? "" : "+").append(f.size());
        }
        return b.toString();
    }

    private static FeatureTable readMaybeEmpty(Path csv, List<String> names) throws Exception {
        return Files.readAllLines(csv).size() <= 1 ? new FeatureTable(names, List.of()) : FeatureTable.read(csv);
    }
}
