package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * h13j: with fewer than 10 test groups the reports give, beside the group bootstrap, the small-sample t-interval over
 * the groups' own gains; checked against each group's gain computed here from the correctness table and a t-interval
 * worked out by hand with Commons Math's TDistribution.
 */
class GroupTIntervalTest {

    /** {groupsN} groups x 6 rows (3 per class), 3 trials; the arm helps group g with probability rising in g. */
    private static TestGroupEffect effect(int groupsN, long seed, double[] handGains) {
        List<String> truth = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < groupsN; g++) {
            for (int r = 0; r < 6; r++) {
                truth.add(r < 3 ? "a" : "b");
                groups.add("g" + g);
            }
        }
        int n = truth.size();
        int trials = 3;
        Random rng = new Random(seed);
        double[][] base = new double[trials][n];
        double[][] with = new double[trials][n];
        for (int t = 0; t < trials; t++) {
            for (int i = 0; i < n; i++) {
                base[t][i] = rng.nextDouble() < 0.5 ? 1 : 0;
                with[t][i] = rng.nextDouble() < 0.3 + 0.1 * (i / 6) ? 1 : 0;
            }
        }
        // each group's gain by hand: balanced accuracy on its 6 rows (mean of the two classes' shares), with minus
        // without, averaged over the trials, in points
        for (int g = 0; g < groupsN; g++) {
            double sum = 0;
            for (int t = 0; t < trials; t++) {
                double wa = 0, wb = 0, ba = 0, bb = 0;
                for (int r = 0; r < 6; r++) {
                    int i = 6 * g + r;
                    if (r < 3) {
                        wa += with[t][i];
                        ba += base[t][i];
                    } else {
                        wb += with[t][i];
                        bb += base[t][i];
                    }
                }
                sum += (wa / 3 + wb / 3) / 2 - (ba / 3 + bb / 3) / 2;
            }
            handGains[g] = 100 * sum / trials;
        }
        return TestGroupEffect.of("logreg", truth, groups, base, with, 5, 400);
    }

    @Test
    void fewTestGroupsGetTheSmallSampleTIntervalOverTheGroupsGains() throws Exception {
        double[] gains = new double[5];
        TestGroupEffect e = effect(5, 11, gains);
        for (int g = 0; g < 5; g++) {
            assertEquals(gains[g], e.gainPointsByGroup().get("g" + g), 1e-9, "group g" + g + "'s own gain");
        }
        double mean = 0;
        for (double v : gains) {
            mean += v / 5;
        }
        double ss = 0;
        for (double v : gains) {
            ss += (v - mean) * (v - mean);
        }
        double half = new TDistribution(4).inverseCumulativeProbability(0.975) * Math.sqrt(ss / 4) / Math.sqrt(5);
        assertTrue(half > 1, "a spread to check against: " + half);
        TestGroupEffect.GroupTInterval t = e.groupTInterval();
        assertNotNull(t);
        assertEquals(5, t.groups());
        assertEquals(mean, t.meanPoints(), 1e-9);
        assertEquals(mean - half, t.lowPoints(), 1e-6, "TDistribution's default quantile accuracy is 1e-9");
        assertEquals(mean + half, t.highPoints(), 1e-6);
        // t(0.975, 4) = 2.776...: the interval is wider than the normal one (1.96)
        assertTrue(half > 1.4 * 1.96 * Math.sqrt(ss / 4) / Math.sqrt(5));

        String lohi = String.format(java.util.Locale.ROOT, "%+.1f [%+.1f, %+.1f]", mean, mean - half, mean + half);
        assertTrue(e.text().contains("small-sample t-interval over the 5 groups' gains: " + lohi), e.text());
        assertTrue(e.cell().endsWith(String.format(java.util.Locale.ROOT, "; t [%+.1f, %+.1f]", mean - half, mean + half)), e.cell());

        // report.json: the interval is written, and the record reads back (the field is output only)
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(e);
        assertTrue(text.contains("\"groupTInterval\":{\"meanPoints\":"), text);
        assertEquals(e, json.readValue(text, TestGroupEffect.class));

        StringBuilder md = new StringBuilder();
        ReportWriter.testGroupEffectsTable(md, List.of(new MetricEffects("dataset.csv", "logreg", 10, List.of(e))));
        assertTrue(md.toString().contains("With only 5 test groups the bootstrap is rough"), md.toString());
        assertTrue(md.toString().contains("; t ["), md.toString());
    }

    @Test
    void tenOrMoreTestGroupsKeepTheBootstrapAlone() throws Exception {
        TestGroupEffect e = effect(10, 12, new double[10]);
        assertEquals(10, e.testGroups());
        assertNull(e.groupTInterval());
        assertFalse(e.text().contains("t-interval"), e.text());
        assertFalse(e.cell().contains("t ["), e.cell());
        assertFalse(new ObjectMapper().writeValueAsString(e).contains("groupTInterval"), "left out of report.json");
        StringBuilder md = new StringBuilder();
        ReportWriter.testGroupEffectsTable(md, List.of(new MetricEffects("dataset.csv", "logreg", 10, List.of(e))));
        assertFalse(md.toString().contains("bootstrap is rough"), md.toString());
    }

    @Test
    void oneFiniteGroupGainGivesNoTInterval() {
        TestGroupEffect one = new TestGroupEffect("logreg", "balancedAccuracy", 1.0, -1.0, 3.0, 3, 1, 5, 100, 1,
                java.util.Map.of("g0", 2.0, "g1", Double.NaN, "g2", Double.NaN));
        assertNull(one.groupTInterval(), "n = 1 has no standard deviation");
        TestGroupEffect two = new TestGroupEffect("logreg", "balancedAccuracy", 1.0, -1.0, 3.0, 3, 1, 5, 100, 1,
                java.util.Map.of("g0", 2.0, "g1", Double.NaN, "g2", 4.0));
        assertEquals(2, two.groupTInterval().groups(), "NaN gains are left out");
        assertEquals(3.0 - 12.706204736174707 * 1.0, two.groupTInterval().lowPoints(), 1e-6);
    }
}
