package org.spectrogan.augment;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/**
 * {@code evaluation.averaged.syntheticSpread} ({@link ParticipantSpread}): the one-way random-effects decomposition
 * against data with known tau^2 and sigma^2, and synthetic participants whose spread matches the real training
 * participants' (matched, offset) or does not (pooled), within tolerances derived from the sample sizes.
 */
class ParticipantSpreadTest {
    @TempDir
    Path dir;

    /**
     * Participants g with trials x = mu + u_g + e, u_g ~ N(0, tau_j^2), e ~ N(0, sigma_j^2) per feature j, and
     * {@code trials.applyAsInt(g)} trials each, of class "a" only.
     */
    private static FeatureTable participants(int groups, java.util.function.IntUnaryOperator trials, double[] tau, double[] sigma,
                                             String label, long seed) {
        Random rnd = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < tau.length; j++) {
            names.add("f" + j);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[] u = new double[tau.length];
            for (int j = 0; j < tau.length; j++) {
                u[j] = tau[j] * rnd.nextGaussian();
            }
            for (int i = 0; i < trials.applyAsInt(g); i++) {
                double[] v = new double[tau.length];
                for (int j = 0; j < tau.length; j++) {
                    v[j] = 10 * j + u[j] + sigma[j] * rnd.nextGaussian();
                }
                rows.add(new FeatureTable.Row(label, "p" + g, FeatureTable.REAL, 0, v));
            }
        }
        return new FeatureTable(names, rows);
    }

    @Test
    void decompositionEqualsTheMomentsAndRecoversKnownTauAndSigma() {
        double[] tau = {1.0, 2.0, 0.5};
        double[] sigma = {2.0, 1.0, 3.0};
        int groups = 1000;
        FeatureTable t = participants(groups, g -> 3 + g % 10, tau, sigma, "a", 5);
        ParticipantSpread.VarianceParts parts = ParticipantSpread.decompose(t, "a");

        // the moments written out here: per feature, sums and sums of squares per participant
        double participantVariance = 0;
        double within = 0;
        long df = 0;
        double inverse = 0;
        for (int j = 0; j < tau.length; j++) {
            double[] sum = new double[groups];
            double[] sq = new double[groups];
            int[] n = new int[groups];
            for (FeatureTable.Row r : t.rows()) {
                int g = Integer.parseInt(r.group().substring(1));
                sum[g] += r.values()[j];
                sq[g] += r.values()[j] * r.values()[j];
                n[g]++;
            }
            double meanOfMeans = 0;
            double meanOfSquares = 0;
            for (int g = 0; g < groups; g++) {
                double m = sum[g] / n[g];
                meanOfMeans += m / groups;
                meanOfSquares += m * m / groups;
                within += sq[g] - n[g] * m * m;
                if (j == 0) {
                    df += n[g] - 1;
                    inverse += 1.0 / n[g] / groups;
                }
            }
            participantVariance += (meanOfSquares - meanOfMeans * meanOfMeans) * groups / (groups - 1);
        }
        assertEquals(groups, parts.participants());
        assertEquals(participantVariance, parts.participantVariance(), 1e-9 * participantVariance);
        assertEquals(within / df, parts.withinVariance(), 1e-9 * within / df);
        assertEquals(inverse, parts.meanInverseTrials(), 1e-12);

        // against the truth: sum tau^2 = 5.25, sum sigma^2 = 14, each within 4 standard errors of its estimate
        double tau2 = 0;
        double sigma2 = 0;
        double seTau2 = 0;
        double seSigma2 = 0;
        for (int j = 0; j < tau.length; j++) {
            tau2 += tau[j] * tau[j];
            sigma2 += sigma[j] * sigma[j];
            double v = tau[j] * tau[j] + sigma[j] * sigma[j] * inverse; // variance of one participant's average
            seTau2 += 2 * v * v / (groups - 1); // var of a sample variance with groups - 1 degrees of freedom
            seSigma2 += 2 * Math.pow(sigma[j], 4) / df;
        }
        assertEquals(tau2, parts.betweenVariance(), 4 * Math.sqrt(seTau2), "tau^2");
        assertEquals(sigma2, parts.withinVariance(), 4 * Math.sqrt(seSigma2), "sigma^2");
        // without the sigma^2 / n term the estimate would be off by sigma^2 * mean(1 / n), well beyond the tolerance
        assertTrue(sigma2 * inverse > 4 * Math.sqrt(seTau2));
        assertEquals(tau2 + sigma2 / 7, parts.averageVariance(7), 4 * Math.sqrt(seTau2 + seSigma2 / 49));
    }

    @Test
    void fewerThanTwoParticipantsCannotBeMatched() {
        FeatureTable one = participants(1, g -> 5, new double[] {1}, new double[] {1}, "a", 1);
        ParticipantSpread.VarianceParts parts = ParticipantSpread.decompose(one, "a");
        assertTrue(Double.isNaN(parts.participantVariance()));
        ParticipantSpread.Calibration c = ParticipantSpread.calibrate(parts, 3.0, 5);
        assertEquals(5, c.matchedTrials(), "matched falls back to pooled");
        assertEquals(0.0, c.offsetScale());
    }

    /** The sum over features of the variance of the synthetic participants, written out with loops. */
    private static double spreadOf(FeatureTable participants, String label) {
        List<double[]> rows = participants.rows().stream().filter(r -> r.label().equals(label)).map(FeatureTable.Row::values).toList();
        int d = participants.featureCount();
        double s = 0;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] r : rows) {
                m += r[j] / rows.size();
            }
            for (double[] r : rows) {
                s += (r[j] - m) * (r[j] - m) / (rows.size() - 1);
            }
        }
        return s;
    }

    /** Trials like a GAN trained on pooled trials: each feature Gaussian with the pooled mean and SD of the class. */
    private static FeatureTable pooledTrials(FeatureTable real, int count, long seed) {
        int d = real.featureCount();
        double[] m = new double[d];
        double[] s = new double[d];
        for (FeatureTable.Row r : real.rows()) {
            for (int j = 0; j < d; j++) {
                m[j] += r.values()[j] / real.size();
            }
        }
        for (FeatureTable.Row r : real.rows()) {
            for (int j = 0; j < d; j++) {
                s[j] += Math.pow(r.values()[j] - m[j], 2) / (real.size() - 1);
            }
        }
        Random rnd = new Random(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = m[j] + Math.sqrt(s[j]) * rnd.nextGaussian();
            }
            rows.add(new FeatureTable.Row("a", "synthetic", FeatureTable.SYNTHETIC, 0, v));
        }
        return new FeatureTable(real.featureNames(), rows);
    }

    @Test
    void matchedAndOffsetParticipantsVaryLikeTheRealTrainingParticipants() {
        int d = 16;
        int p = 8;
        int n = 30;
        double[] tau = new double[d];
        double[] sigma = new double[d];
        java.util.Arrays.fill(tau, 0.5);
        java.util.Arrays.fill(sigma, 4.0);
        FeatureTable real = participants(p, g -> n, tau, sigma, "a", 21);
        // the real training participants' averages: their variance summed over features (all have n trials, so
        // this is also the decomposition's averageVariance(n) whenever tau^2's estimate is positive)
        double realSpread = spreadOf(AveragedProtocol.averages(real), "a");
        ParticipantSpread.VarianceParts parts = ParticipantSpread.decompose(real, "a");
        assertTrue(parts.betweenVariance() > 0, "this seed's tau^2 estimate is positive: " + parts.betweenVariance());
        assertEquals(realSpread, parts.averageVariance(n), 1e-9 * realSpread);

        int k = 400;
        FeatureTable trials = pooledTrials(real, k * n, 3);
        double trialVariance = ParticipantSpread.sumOfVariances(trials.rows().stream().map(FeatureTable.Row::values).toList(), d);

        // pooled: only trial variance / n, far below the real spread
        ParticipantSpread.Made pooled = ParticipantSpread.participants("pooled", trials, real, n, k, 9);
        assertEquals(k, pooled.participants().size());
        double pooledSpread = spreadOf(pooled.participants(), "a");
        double se = Math.sqrt(2.0 / ((k - 1) * d)); // relative standard error of a variance over k rows, d independent features
        assertEquals(trialVariance / n, pooledSpread, 4 * se * trialVariance / n);
        assertTrue(pooledSpread < 0.75 * realSpread, pooledSpread + " vs " + realSpread);

        // matched: N* = round(v / T); the spread matches up to the rounding of N* and sampling
        ParticipantSpread.Made matched = ParticipantSpread.participants("matched", trials, real, n, k, 9);
        int nStar = matched.calibration().get("a").matchedTrials();
        assertEquals(Math.round(trialVariance / realSpread), nStar);
        assertTrue(nStar > 1 && nStar < n, "N* " + nStar);
        assertEquals(k, matched.participants().size());
        double matchedSpread = spreadOf(matched.participants(), "a");
        double rounding = 0.5 / nStar; // |v / N* - T| / T <= 0.5 / N*
        assertEquals(realSpread, matchedSpread, (rounding + 4 * se) * realSpread, "matched, N* " + nStar);
        // the first participant is the mean of the first N* trials
        double[] first = new double[d];
        for (int i = 0; i < nStar; i++) {
            for (int j = 0; j < d; j++) {
                first[j] += trials.rows().get(i).values()[j] / nStar;
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, matched.participants().rows().get(0).values(), 1e-9);

        // offset: the average of n trials plus an offset in the span of the P - 1 real deviations
        ParticipantSpread.Made offset = ParticipantSpread.participants("offset", trials, real, n, k, 9);
        double c = offset.calibration().get("a").offsetScale();
        assertEquals(Math.sqrt((realSpread - trialVariance / n) / parts.participantVariance()), c, 1e-9);
        double offsetSpread = spreadOf(offset.participants(), "a");
        double seOffset = Math.sqrt(2.0 / ((k - 1) * (p - 1))); // the offsets have only P - 1 free directions
        assertEquals(realSpread, offsetSpread, 4 * seOffset * realSpread, "offset");
        // the offsets are the only difference from pooled: the same trials, the same averages
        for (int i = 0; i < k; i++) {
            double[] a = pooled.participants().rows().get(i).values();
            double[] b = offset.participants().rows().get(i).values();
            assertNotEquals(a[0], b[0]);
        }
    }

    @Test
    void theArmsFollowTheSpreadsAndTheSameSeedGivesTheSameResult() {
        FeatureTable all = Tables.gaussian(2, 14, 8, 4, 1.5, 11);
        java.util.Set<String> testGroups = java.util.Set.of("g0", "g1", "g2", "g3");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(4), 10, 1.0, List.of("oversample", "gaussian"), 3, 7, 0,
                List.of("offset", "pooled", "matched"));
        java.util.function.Supplier<AveragedProtocol> protocol = () -> new AveragedProtocol(s, FakeGan.trainer(0),
                GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build(), List.of("c0", "c1"),
                List.of(Classifiers.byName("logreg"), Classifiers.byName("knn")), Map.of());
        AveragedProtocol.Result a = protocol.get().run(train, test, Path.of("p.json"), line -> { });
        AveragedProtocol.Result b = protocol.get().run(train, test, Path.of("p.json"), line -> { });
        assertEquals(List.of("real", "gan", "gan:pooled", "gan:matched", "oversample", "gaussian"), a.arms());
        assertEquals(2 * 6, a.cells().size());
        for (int i = 0; i < a.cells().size(); i++) {
            assertEquals(a.cells().get(i).accuracy().values(), b.cells().get(i).accuracy().values(), a.cells().get(i).toString());
        }
        assertEquals(a.draws(), b.draws(), "the same draws and calibrations");
        for (AveragedProtocol.Draw dr : a.draws()) {
            assertEquals(java.util.Set.of("c0", "c1"), dr.calibration().keySet());
            dr.calibration().values().forEach(c -> assertEquals(4, c.participants()));
        }

        // the arm tables: k synthetic participants per class in each; the seed decides the offsets
        AveragedProtocol p = protocol.get();
        FeatureTable rows = train.filter(r -> List.of("g4", "g5", "g6", "g7").contains(r.group()));
        Map<String, FeatureTable> t1 = p.armTables(rows, 8, 4, 3);
        Map<String, FeatureTable> t2 = p.armTables(rows, 8, 4, 3);
        Map<String, FeatureTable> t3 = p.armTables(rows, 8, 4, 4);
        for (String arm : List.of("gan", "gan:pooled", "gan:matched", "gaussian")) {
            assertEquals(Map.of("c0", 8, "c1", 8), t1.get(arm).countsByLabel(), arm);
            for (int i = 0; i < t1.get(arm).size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(t1.get(arm).rows().get(i).values(), t2.get(arm).rows().get(i).values(), arm);
            }
        }
        assertNotEquals(t1.get("gan").rows().get(8).values()[0], t3.get("gan").rows().get(8).values()[0], "another seed, other offsets");
    }

    private PipelineConfig.Averaged load(String spread) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x\n");
        Files.writeString(dir.resolve("adapter.json"), "{}");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": {\"data\": \"data.csv\"}, \"adapter\": \"adapter.json\", \"features\": {\"kind\": \"de\"},"
                + " \"evaluation\": {\"protocol\": \"averaged\", \"averaged\": {" + (spread == null ? "" : "\"syntheticSpread\": " + spread) + "}}}");
        return PipelineConfig.load(p).evaluation().averaged();
    }

    @Test
    void theKeyTakesANameOrAListAndNamesTheFileWhenWrong() throws Exception {
        assertEquals(List.of("pooled"), load(null).syntheticSpread());
        assertEquals(List.of("offset"), load("\"offset\"").syntheticSpread());
        assertEquals(List.of("matched", "pooled"), load("[\"matched\", \"pooled\"]").syntheticSpread());
        assertEquals(List.of("offset"), load("\"offset\"").quick().syntheticSpread());
        for (String bad : List.of("\"wide\"", "[]", "[\"offset\", \"offset\"]")) {
            SpectroganException e = assertThrows(SpectroganException.class, () -> load(bad));
            assertTrue(e.getMessage().startsWith(dir.resolve("p.json") + ": "), "names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains("evaluation.averaged.syntheticSpread"), "names the key: " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertTrue(assertThrows(SpectroganException.class, () -> load("\"wide\"")).getMessage().contains("unknown spread 'wide'; use pooled, matched, offset, participant or participantMix"));
    }
}
