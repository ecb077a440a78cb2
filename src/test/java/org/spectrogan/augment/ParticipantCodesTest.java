package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.TrainingSet;

/**
 * {@code syntheticSpread: participant / participantMix} ({@link ParticipantCodes}): the generator learns one code
 * per class and participant, so a synthetic participant's average of N trials lands on one real participant (or
 * between two) instead of on the class mean. {@link FakeGan} stands in for the GAN: per code it draws from that
 * code's Gaussian (mean and SD of the code's trials), for a mix from the weighted Gaussian, so where the averages
 * must land is known from the real trials, and the tolerances come from the sample sizes.
 */
class ParticipantCodesTest {
    @TempDir
    Path dir;

    private static final int FEATURES = 6;
    private static final double TAU = 5.0;
    private static final double SIGMA = 2.0;

    /** {@code groups} participants x 2 classes x {@code trials} trials: x = 10 j + class shift + u_g + e, u_g ~ N(0, TAU^2), e ~ N(0, SIGMA^2). */
    private static FeatureTable participants(int groups, int trials, long seed) {
        Random rnd = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            names.add("f" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (String label : List.of("a", "b")) {
                double[] u = new double[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    u[j] = TAU * rnd.nextGaussian();
                }
                for (int i = 0; i < trials; i++) {
                    double[] v = new double[FEATURES];
                    for (int j = 0; j < FEATURES; j++) {
                        v[j] = 10 * j + (label.equals("b") ? 3 : 0) + u[j] + SIGMA * rnd.nextGaussian();
                    }
                    rows.add(new FeatureTable.Row(label, "p" + g, FeatureTable.REAL, 0, v));
                }
            }
        }
        return new FeatureTable(names, rows);
    }

    /** The real participants' averages of {@code label}, by group (computed here, not with the code under test). */
    private static Map<String, double[]> realMeans(FeatureTable t, String label) {
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, Integer> n = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            if (r.label().equals(label)) {
                double[] s = sums.computeIfAbsent(r.group(), k -> new double[FEATURES]);
                for (int j = 0; j < FEATURES; j++) {
                    s[j] += r.values()[j];
                }
                n.merge(r.group(), 1, Integer::sum);
            }
        }
        sums.forEach((g, s) -> {
            for (int j = 0; j < FEATURES; j++) {
                s[j] /= n.get(g);
            }
        });
        return sums;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }

    /** The distance of x to the segment [a, b] and the position w of its nearest point a + w (b - a), w in [0, 1]. */
    private static double[] toSegment(double[] x, double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int j = 0; j < x.length; j++) {
            num += (x[j] - a[j]) * (b[j] - a[j]);
            den += (b[j] - a[j]) * (b[j] - a[j]);
        }
        double w = Math.max(0, Math.min(1, num / den));
        double[] p = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            p[j] = a[j] + w * (b[j] - a[j]);
        }
        return new double[] {distance(x, p), w};
    }

    private static FakeGan codedGan(FeatureTable rows) {
        List<String> codes = ParticipantCodes.codes(rows);
        TrainingSet ts = GanSettings.trainingSet(ParticipantCodes.coded(rows), codes, Map.of());
        return new FakeGan(ts, 0, null);
    }

    @Test
    void codesAreOnePerClassAndParticipant() {
        FeatureTable rows = participants(3, 4, 1);
        List<String> codes = ParticipantCodes.codes(rows);
        assertEquals(6, codes.size(), codes.toString());
        assertEquals(ParticipantCodes.code("a", "p0"), codes.get(0));
        FeatureTable coded = ParticipantCodes.coded(rows);
        assertEquals(rows.size(), coded.size());
        for (int i = 0; i < rows.size(); i++) {
            FeatureTable.Row r = rows.rows().get(i);
            FeatureTable.Row c = coded.rows().get(i);
            assertEquals(r.label() + "\u001F" + r.group(), c.label());
            assertEquals(r.group(), c.group());
            assertArrayEquals(r.values(), c.values(), 0.0);
        }
        assertEquals(Map.of(ParticipantCodes.code("a", "p1"), 4), coded.filter(r -> r.label().endsWith("p1") && r.label().startsWith("a"))
                .countsByLabel());
    }

    @Test
    void participantAveragesLandOnRealParticipantsAndKeepTheirSpread() {
        int n = 40;
        FeatureTable rows = participants(6, n, 2);
        FakeGan gan = codedGan(rows);
        // k = 12 per class: every one of the 6 participants twice (round robin)
        ParticipantSpread.Made m = ParticipantCodes.participants(ParticipantCodes.PARTICIPANT, gan, rows, List.of("a", "b"), n, 12, 9);
        assertEquals(Map.of("a", 12, "b", 12), m.participants().countsByLabel());
        // an average of n trials from a participant's Gaussian is within 4 SE (sqrt(FEATURES) SIGMA / sqrt(n), about
        // 3.1) of that participant's real average; distinct participants' averages are about sqrt(2 FEATURES) TAU = 17 apart
        double tolerance = 4 * Math.sqrt(FEATURES) * SIGMA / Math.sqrt(n) * Math.sqrt(2);
        for (String label : List.of("a", "b")) {
            Map<String, double[]> real = realMeans(rows, label);
            Map<String, Integer> hits = new TreeMap<>();
            List<double[]> synth = new ArrayList<>();
            for (FeatureTable.Row r : m.participants().rows()) {
                if (!r.label().equals(label)) {
                    continue;
                }
                synth.add(r.values());
                String nearest = null;
                double best = Double.MAX_VALUE;
                for (var e : real.entrySet()) {
                    double dd = distance(r.values(), e.getValue());
                    if (dd < best) {
                        best = dd;
                        nearest = e.getKey();
                    }
                }
                assertTrue(best < tolerance, label + ": a synthetic participant is " + best + " from the nearest real one");
                hits.merge(nearest, 1, Integer::sum);
            }
            assertEquals(6, hits.size(), "every real participant is used: " + hits);
            hits.values().forEach(h -> assertEquals(2, h, "round robin: " + hits));
            // the synthetic participants vary like the real participants' averages (same 6 points, twice, plus noise),
            // not like pooled trials averaged over n (variance about FEATURES SIGMA^2 / n = 0.6)
            double realVar = ParticipantSpread.sumOfVariances(new ArrayList<>(real.values()), FEATURES);
            double synthVar = ParticipantSpread.sumOfVariances(synth, FEATURES);
            assertTrue(realVar > 50, "the data have a large spread: " + realVar);
            assertTrue(Math.abs(synthVar / realVar - 1) < 0.35, "synthetic " + synthVar + " vs real " + realVar);
        }
        // a different seed takes the participants in another order
        ParticipantSpread.Made other = ParticipantCodes.participants(ParticipantCodes.PARTICIPANT, gan, rows, List.of("a", "b"), n, 12, 10);
        assertNotEquals(m.participants().rows().get(0).values()[0], other.participants().rows().get(0).values()[0]);
    }

    @Test
    void mixedParticipantsLieBetweenTwoRealParticipants() {
        int n = 40;
        FeatureTable rows = participants(5, n, 3);
        FakeGan gan = codedGan(rows);
        ParticipantSpread.Made m = ParticipantCodes.participants(ParticipantCodes.PARTICIPANT_MIX, gan, rows, List.of("a", "b"), n, 30, 4);
        double tolerance = 4 * Math.sqrt(FEATURES) * SIGMA / Math.sqrt(n) * Math.sqrt(2);
        int interior = 0;
        for (String label : List.of("a", "b")) {
            List<double[]> real = new ArrayList<>(realMeans(rows, label).values());
            for (FeatureTable.Row r : m.participants().rows()) {
                if (!r.label().equals(label)) {
                    continue;
                }
                double best = Double.MAX_VALUE;
                double w = 0;
                for (int a = 0; a < real.size(); a++) {
                    for (int b = a + 1; b < real.size(); b++) {
                        double[] s = toSegment(r.values(), real.get(a), real.get(b));
                        if (s[0] < best) {
                            best = s[0];
                            w = s[1];
                        }
                    }
                }
                assertTrue(best < tolerance, label + ": " + best + " from every segment between two real participants");
                interior += w > 0.2 && w < 0.8 ? 1 : 0;
            }
        }
        // w ~ U(0, 1): about 60% of the 60 land in the middle of their segment; real participants' copies would not
        assertTrue(interior > 20, "mixes land between participants, not on them: " + interior + " of 60");
    }

    @Test
    void theProtocolTrainsAParticipantCodedGanOnlyWhenAParticipantSpreadIsListed() {
        FeatureTable all = participants(10, 12, 5);
        java.util.Set<String> testGroups = java.util.Set.of("p0", "p1", "p2");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        java.util.function.Function<List<String>, AveragedProtocol> protocol = spreads -> new AveragedProtocol(
                new AveragedProtocol.Settings(List.of(4), 7, 1.0, List.of("oversample", "gaussian"), 2, 7, 0, spreads),
                FakeGan.trainer(0), GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build(), List.of("a", "b"),
                List.of(Classifiers.byName("logreg"), Classifiers.byName("knn")), Map.of());
        List<String> spreads = List.of("participant", "pooled", "participantMix");
        int before;
        synchronized (FakeGan.TRAINED) {
            before = FakeGan.TRAINED.size();
        }
        AveragedProtocol.Result a = protocol.apply(spreads).run(train, test, Path.of("p.json"), line -> { });
        List<FakeGan> trained;
        synchronized (FakeGan.TRAINED) {
            trained = new ArrayList<>(FakeGan.TRAINED.subList(before, FakeGan.TRAINED.size()));
        }
        assertEquals(List.of("real", "gan", "gan:pooled", "gan:participantMix", "oversample", "gaussian"), a.arms());
        // per draw one class GAN (2 classes) and one participant GAN (4 participants x 2 classes); other tests may
        // train FakeGans at the same time, so count those of this data's shapes
        long classGans = trained.stream().filter(g -> g.data.classNames().equals(List.of("a", "b"))
                && g.data.x().length == 4 * 2 * 12).count();
        long codedGans = trained.stream().filter(g -> g.data.classNames().size() == 8
                && g.data.classNames().get(0).startsWith("a\u001F")).count();
        assertTrue(classGans >= 2 && codedGans >= 2, classGans + " class GANs, " + codedGans + " participant GANs");
        AveragedProtocol.Result b = protocol.apply(spreads).run(train, test, Path.of("p.json"), line -> { });
        for (int i = 0; i < a.cells().size(); i++) {
            assertEquals(a.cells().get(i).accuracy().values(), b.cells().get(i).accuracy().values(), a.cells().get(i).toString());
        }
        assertEquals(a.draws(), b.draws());
        // the participant-coded synthetic participants vary like real participants (about FEATURES (TAU^2 + SIGMA^2 / 12)
        // = 152 summed over the features), the pooled ones like averages of pooled trials (about FEATURES (TAU^2 +
        // SIGMA^2) / 12 = 14.5)
        double coded = 0;
        double pooled = 0;
        double real = 0;
        for (AveragedProtocol.Draw dr : a.draws()) {
            assertEquals(java.util.Set.of("gan", "gan:pooled", "gan:participantMix", "oversample", "gaussian"), dr.syntheticVariance().keySet());
            for (String c : List.of("a", "b")) {
                coded += dr.syntheticVariance().get("gan").get(c);
                pooled += dr.syntheticVariance().get("gan:pooled").get(c);
                real += dr.calibration().get(c).participantVariance();
            }
        }
        assertTrue(coded > 3 * pooled, "participant " + coded + " vs pooled " + pooled);
        assertTrue(coded > real / 3 && coded < 3 * real, "participant " + coded + " vs real " + real);
        // the arm tables: k = 4 synthetic participants per class; the gan arm's land on the draw's participants
        AveragedProtocol p = protocol.apply(spreads);
        FeatureTable rows = train.filter(r -> List.of("p3", "p4", "p5", "p6").contains(r.group()));
        Map<String, FeatureTable> t = p.armTables(rows, 12, 4, 3);
        for (String arm : List.of("gan", "gan:pooled", "gan:participantMix", "gaussian")) {
            assertEquals(Map.of("a", 8, "b", 8), t.get(arm).countsByLabel(), arm);
        }
        Map<String, double[]> realA = realMeans(rows, "a");
        double tolerance = 4 * Math.sqrt(FEATURES) * SIGMA / Math.sqrt(12) * Math.sqrt(2);
        for (FeatureTable.Row r : t.get("gan").rows()) {
            if (r.source().equals(FeatureTable.SYNTHETIC) && r.label().equals("a")) {
                double best = realA.values().stream().mapToDouble(x -> distance(x, r.values())).min().orElseThrow();
                assertTrue(best < tolerance, "a participant-coded average is " + best + " from the nearest real participant");
            }
        }
    }

    @Test
    void aPipelineFileTakesTheParticipantSpreads() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"},"
                + " \"evaluation\": {\"protocol\": \"averaged\", \"averaged\": {\"syntheticSpread\": [\"participantMix\", \"pooled\"]}}}");
        assertEquals(List.of("participantMix", "pooled"), PipelineConfig.load(p).evaluation().averaged().syntheticSpread());
        assertThrows(IllegalArgumentException.class, () -> ParticipantCodes.participants("pooled", null, participants(2, 2, 1),
                List.of("a", "b"), 2, 1, 1));
    }
}
