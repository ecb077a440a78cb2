package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.spectrogan.features.FeatureTable;

/**
 * How the participant-averaged protocol makes synthetic participants from synthetic trials, and how much they
 * vary ({@code evaluation.averaged.syntheticSpread}). Synthetic trials (a GAN's, or a trial-level augmenter's) pool
 * every training participant, so the average of N of them varies only by {@code sigma^2 / N}, while a real
 * participant's average of N trials varies by {@code tau^2 + sigma^2 / N} ({@code tau^2} the between-participant
 * variance). The spreads:
 * <ul>
 *   <li>{@code pooled}: the average of N synthetic trials (N = the median real trials per participant and class);</li>
 *   <li>{@code matched}: the average of N* synthetic trials, N* = round(v / T) clamped to [1, N], v the synthetic
 *       trials' variance and T = max(0, tau^2) + sigma^2 / N, the variance of a real participant's average of N trials
 *       ({@link VarianceParts#averageVariance});</li>
 *   <li>{@code offset}: the average of N synthetic trials plus a participant offset
 *       {@code d = c * sum_g z_g (m_g - mbar) / sqrt(P - 1)}, z_g standard normal, m_g the real training participants'
 *       averages of the class and mbar their mean: a Gaussian with the covariance of the real participants'
 *       averages scaled by {@code c^2}, so it keeps their shape over the features (an ERP's smooth course), with
 *       {@code c^2 = max(0, T - v / N) / V} (V the variance of the real participants' averages) so the synthetic
 *       participants' variance is T.</li>
 * </ul>
 * All variances are per class and summed over the features; everything is estimated on the rows given (the
 * draw's training participants), never on test participants. With fewer than two participants of a class there is
 * no spread to match and {@code matched} and {@code offset} fall back to {@code pooled}.
 */
public final class ParticipantSpread {
    /** The average of N synthetic trials. */
    public static final String POOLED = "pooled";
    /** The average of N* synthetic trials, N* calibrated to the real participants' spread. */
    public static final String MATCHED = "matched";
    /** The average of N synthetic trials plus a participant offset sized to the real participants' spread. */
    public static final String OFFSET = "offset";
    /** Every spread, in the order they are documented. */
    public static final List<String> NAMES = List.of(POOLED, MATCHED, OFFSET);
    /**
     * Every value of {@code syntheticSpread}: these three, made from a class-conditioned generator's trials, and
     * {@link ParticipantCodes}'s, made by a participant-conditioned generator (h13h).
     */
    public static final List<String> ALL = java.util.stream.Stream.concat(NAMES.stream(), ParticipantCodes.NAMES.stream()).toList();
    /** {@link #ALL} for error messages: "pooled, matched, offset, participant or participantMix". */
    public static final String ALL_TEXT = String.join(", ", ALL.subList(0, ALL.size() - 1)) + " or " + ALL.get(ALL.size() - 1);

    private ParticipantSpread() {
    }

    /**
     * One class's one-way random-effects decomposition of trials by participant, each variance summed over the
     * features: {@code participantVariance} the sample variance (denominator P - 1) of the participants' averages
     * around their unweighted mean; {@code withinVariance} sigma^2, the pooled within-participant variance
     * (denominator sum(n_i - 1)); {@code meanInverseTrials} the mean of 1 / n_i. Then
     * E[participantVariance] = tau^2 + sigma^2 * mean(1 / n_i).
     */
    public record VarianceParts(int participants, double participantVariance, double withinVariance, double meanInverseTrials) {
        /** tau^2 = participantVariance - withinVariance * meanInverseTrials (below 0 by chance when tau^2 is small). */
        public double betweenVariance() {
            return participantVariance - withinVariance * meanInverseTrials;
        }

        /** The variance of a real participant's average of {@code n} trials: max(0, tau^2) + sigma^2 / n. */
        public double averageVariance(int n) {
            return Math.max(0, betweenVariance()) + withinVariance / n;
        }

        /** True when there are two participants or more and finite, positive variances to match. */
        boolean usable() {
            return participants >= 2 && Double.isFinite(betweenVariance()) && participantVariance > 0;
        }
    }

    /**
     * What one class's synthetic participants were calibrated on (variances summed over features): the real
     * participants' decomposition, the target T, the synthetic trials' variance v, the trials per matched average N*
     * and the offset scale c (see the class comment; N* and c are what {@code matched} and {@code offset} use).
     */
    public record Calibration(int participants, double participantVariance, double withinVariance, double betweenVariance,
                              double targetVariance, double syntheticTrialVariance, int matchedTrials, double offsetScale) {
    }

    /** Synthetic participants of every class and the calibration of each class. */
    public record Made(FeatureTable participants, Map<String, Calibration> calibration) {
    }

    /** The decomposition of {@code label}'s rows of {@code rows} by group. */
    public static VarianceParts decompose(FeatureTable rows, String label) {
        Map<String, List<double[]>> byGroup = new TreeMap<>();
        for (FeatureTable.Row r : rows.rows()) {
            if (r.label().equals(label)) {
                byGroup.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r.values());
            }
        }
        int p = byGroup.size();
        int d = rows.featureCount();
        double[][] means = new double[p][];
        double within = 0;
        long withinDf = 0;
        double inverse = 0;
        int g = 0;
        for (List<double[]> trials : byGroup.values()) {
            double[] m = mean(trials, d);
            for (double[] t : trials) {
                for (int j = 0; j < d; j++) {
                    within += (t[j] - m[j]) * (t[j] - m[j]);
                }
            }
            withinDf += trials.size() - 1;
            inverse += 1.0 / trials.size();
            means[g++] = m;
        }
        return new VarianceParts(p, p < 2 ? Double.NaN : sumOfVariances(List.of(means), d),
                withinDf == 0 ? Double.NaN : within / withinDf, p == 0 ? Double.NaN : inverse / p);
    }

    /**
     * Synthetic participants from {@code trials} (synthetic trials of each class, in order) for one draw whose real
     * training trials are {@code realRows}: at most {@code perClass} per class, each the average of consecutive
     * synthetic trials ({@code trialsPerAverage}, or N* for matched; a short last run is dropped), plus the
     * participant offset for {@code offset} (drawn with {@code seed}). Groups "synthetic-CLASS-i".
     */
    public static Made participants(String spread, FeatureTable trials, FeatureTable realRows, int trialsPerAverage,
                                    int perClass, long seed) {
        if (!NAMES.contains(spread)) {
            throw new IllegalArgumentException("unknown synthetic spread '" + spread + "'; use " + String.join(", ", NAMES));
        }
        Map<String, List<double[]>> byClass = new TreeMap<>();
        for (FeatureTable.Row r : trials.rows()) {
            byClass.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r.values());
        }
        int d = trials.featureCount();
        FeatureTable realAverages = AveragedProtocol.averages(realRows);
        Random rnd = new Random(seed);
        List<FeatureTable.Row> out = new ArrayList<>();
        Map<String, Calibration> calibration = new LinkedHashMap<>();
        for (var e : byClass.entrySet()) {
            String label = e.getKey();
            List<double[]> t = e.getValue();
            VarianceParts parts = decompose(realRows, label);
            double v = t.size() < 2 ? Double.NaN : sumOfVariances(t, d);
            Calibration cal = calibrate(parts, v, trialsPerAverage);
            calibration.put(label, cal);
            int run = spread.equals(MATCHED) ? cal.matchedTrials() : trialsPerAverage;
            List<double[]> deviations = deviations(realAverages, label, d);
            for (int i = 0; i < perClass && (i + 1) * run <= t.size(); i++) {
                double[] avg = mean(t.subList(i * run, (i + 1) * run), d);
                if (spread.equals(OFFSET) && cal.offsetScale() > 0) {
                    double w = cal.offsetScale() / Math.sqrt(deviations.size() - 1);
                    for (double[] dev : deviations) {
                        double z = w * rnd.nextGaussian();
                        for (int j = 0; j < d; j++) {
                            avg[j] += z * dev[j];
                        }
                    }
                }
                out.add(new FeatureTable.Row(label, "synthetic-" + label + "-" + i, FeatureTable.SYNTHETIC, 0.0, avg));
            }
        }
        return new Made(new FeatureTable(trials.featureNames(), out), calibration);
    }

    /** N* and c for one class (see the class comment); N* = n and c = 0 when the parts or v are not usable. */
    static Calibration calibrate(VarianceParts parts, double syntheticTrialVariance, int n) {
        double target = parts.averageVariance(n);
        boolean usable = parts.usable() && target > 0 && Double.isFinite(syntheticTrialVariance);
        int matched = usable ? (int) Math.max(1, Math.min(n, Math.round(syntheticTrialVariance / target))) : n;
        double scale = usable ? Math.sqrt(Math.max(0, target - syntheticTrialVariance / n) / parts.participantVariance()) : 0;
        return new Calibration(parts.participants(), parts.participantVariance(), parts.withinVariance(), parts.betweenVariance(),
                target, syntheticTrialVariance, matched, scale);
    }

    /** The real participants' averages of {@code label} minus their unweighted mean. */
    private static List<double[]> deviations(FeatureTable realAverages, String label, int d) {
        List<double[]> m = new ArrayList<>();
        for (FeatureTable.Row r : realAverages.rows()) {
            if (r.label().equals(label)) {
                m.add(r.values().clone());
            }
        }
        double[] grand = mean(m, d);
        for (double[] x : m) {
            for (int j = 0; j < d; j++) {
                x[j] -= grand[j];
            }
        }
        return m;
    }

    private static double[] mean(List<double[]> rows, int d) {
        double[] m = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= rows.size();
        }
        return m;
    }

    /** The sample variance (denominator n - 1) of each feature over {@code rows}, summed over the features. */
    static double sumOfVariances(List<double[]> rows, int d) {
        double[] m = mean(rows, d);
        double s = 0;
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                s += (r[j] - m[j]) * (r[j] - m[j]);
            }
        }
        return s / (rows.size() - 1);
    }
}
