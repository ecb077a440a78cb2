package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The plain-words answer to "did augmentation help?", judged on one metric (balanced accuracy by default)
 * from the paired gains. Each case (classifier at a training fraction) with an interval (at least
 * {@link Summary#MIN_TRIALS_FOR_INTERVAL} trials, some spread, a baseline that varied) gets the two-sided
 * p-value of its paired t-test; over all such cases Holm's step-down procedure keeps the family-wise error at
 * {@link #FAMILY_ALPHA}. A case "helped" when Holm rejects "no gain" and the gain is positive (its 95% interval is
 * then above zero as well), "hurt" when Holm rejects and the gain is negative, and is "unclear" otherwise.
 *
 * <p>With both a full-data evaluation and a low-data sweep, the sweep's 100% point is not judged again: it is
 * the same comparison (classifier with all real training rows) on trials that do not redraw the real rows, so
 * the full-data cases decide at 100%.
 */
public record Verdict(String metric, String headline, int helped, int hurt, int unclear, List<Case> cases,
                      String correction) {
    public Verdict {
        cases = List.copyOf(cases);
    }

    /** Family-wise error rate Holm's procedure keeps over the judged cases. */
    public static final double FAMILY_ALPHA = 0.05;

    /**
     * One classifier at one fraction of the real training rows (1.0 = all). {@code pValue}: the paired t-test's
     * two-sided p-value (NaN without an interval); {@code holmAdjustedP}: Holm-adjusted (NaN when not judged).
     */
    public record Case(String classifier, double fraction, String outcome, double gainPoints, double lowerPoints,
                       double upperPoints, int trials, String sentence, double pValue, double holmAdjustedP) {
    }

    public static final String HELPED = "helped";
    public static final String HURT = "hurt";
    public static final String UNCLEAR = "unclear";

    /** Judges the full-data gains and the sweep points (either may be empty). */
    public static Verdict of(List<GainEvaluation.ClassifierGain> fullData, List<LowDataSweep.Point> sweep, Metric metric) {
        List<GainEvaluation.ClassifierGain> gains = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        List<Boolean> inSweep = new ArrayList<>();
        for (GainEvaluation.ClassifierGain g : fullData) {
            gains.add(g);
            fractions.add(1.0);
            inSweep.add(false);
        }
        for (LowDataSweep.Point p : sweep) {
            if (p.fraction() >= 1.0 && !fullData.isEmpty()) {
                continue; // judged once, by the full-data trials (which redraw the real rows)
            }
            for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                gains.add(g);
                fractions.add(p.fraction());
                inSweep.add(true);
            }
        }
        int m = gains.size();
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            p[i] = gains.get(i).gain().get(metric).pValueAgainstZero();
        }
        double[] adjusted = holm(p);
        int judged = (int) Arrays.stream(p).filter(x -> !Double.isNaN(x)).count();
        List<Case> cases = new ArrayList<>();
        int helped = 0;
        int hurt = 0;
        int unclear = 0;
        for (int i = 0; i < m; i++) {
            Case c = judge(gains.get(i), fractions.get(i), inSweep.get(i), metric, p[i], adjusted[i], judged);
            cases.add(c);
            switch (c.outcome()) {
                case HELPED -> helped++;
                case HURT -> hurt++;
                default -> unclear++;
            }
        }
        String correction = judged == 0
                ? "No case had an interval, so none was tested."
                : String.format(Locale.ROOT, "%d case%s tested at once: Holm's correction keeps the chance of any false "
                        + "\"helped\" or \"hurt\" at %.0f%% over all of them (each case's 95%% interval is shown uncorrected).",
                        judged, judged == 1 ? " was" : "s were", 100 * FAMILY_ALPHA);
        String headline;
        if (cases.isEmpty()) {
            headline = "No gain was measured.";
        } else if (helped == cases.size()) {
            headline = String.format(Locale.ROOT, "Augmentation helped in every case measured (%d of %d): %s rose (Holm-corrected over %d cases).",
                    helped, cases.size(), metric.title(), judged);
        } else if (helped > 0) {
            headline = String.format(Locale.ROOT, "Augmentation helped in %d of %d cases (%s, Holm-corrected over %d cases), hurt in %d and was unclear in %d.",
                    helped, cases.size(), metric.title(), judged, hurt, unclear);
        } else if (hurt > 0) {
            headline = String.format(Locale.ROOT, "Augmentation did not help: %s fell in %d of %d cases (Holm-corrected over %d cases) and was unclear in the other %d.",
                    metric.title(), hurt, cases.size(), judged, unclear);
        } else if (judged == 0) {
            headline = String.format(Locale.ROOT, "Augmentation did not clearly help: none of the %d cases had an interval (%s).",
                    cases.size(), "at least " + Summary.MIN_TRIALS_FOR_INTERVAL + " trials with some spread are needed");
        } else {
            headline = String.format(Locale.ROOT, "Augmentation did not clearly help: in none of the %d cases was the %s gain clear of zero (Holm-corrected over %d cases).",
                    cases.size(), metric.title(), judged);
        }
        return new Verdict(metric.title(), headline, helped, hurt, unclear, cases, correction);
    }

    /**
     * Holm's step-down adjusted p-values: sorted ascending, p_(i) * (m - i + 1) made non-decreasing and capped at
     * 1, where m counts the non-NaN values; NaN entries stay NaN (not part of the family). A hypothesis is
     * rejected at family-wise level alpha exactly when its adjusted p-value is at most alpha.
     */
    public static double[] holm(double[] p) {
        int m = (int) Arrays.stream(p).filter(x -> !Double.isNaN(x)).count();
        Integer[] idx = new Integer[m];
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                idx[k++] = i;
            }
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> p[i]));
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        for (int r = 0; r < m; r++) {
            running = Math.max(running, Math.min(1.0, (m - r) * p[idx[r]]));
            out[idx[r]] = running;
        }
        return out;
    }

    private static Case judge(GainEvaluation.ClassifierGain g, double fraction, boolean inSweep, Metric metric,
                              double p, double adjusted, int family) {
        Summary s = g.gain().get(metric);
        boolean rejected = !Double.isNaN(adjusted) && adjusted <= FAMILY_ALPHA;
        String outcome = rejected && s.mean() > 0 ? HELPED : rejected && s.mean() < 0 ? HURT : UNCLEAR;
        double base = g.real().get(metric).mean() * 100;
        double aug = g.augmented().get(metric).mean() * 100;
        String where = inSweep
                ? String.format(Locale.ROOT, "%s at %.0f%% of the real training rows (low-data sweep)", g.classifier(), 100 * fraction)
                : g.classifier() + " with the real training rows";
        String change = String.format(Locale.ROOT, "%s went from %.1f%% (real only) to %.1f%% (real + synthetic), %s (%s, %d trials)",
                metric.title(), base, aug, points(s.mean() * 100), s.pointsIntervalSentence(), g.trials());
        String test = Double.isNaN(adjusted) ? ""
                : String.format(Locale.ROOT, "; paired t-test p = %.3g, Holm-adjusted over %d cases p = %.3g", p, family, adjusted);
        String sentence = switch (outcome) {
            case HELPED -> "Helped: " + where + ", " + change + test + ".";
            case HURT -> "Hurt: " + where + ", " + change + test + ".";
            default -> !s.hasInterval()
                    ? "Unclear: " + where + ", " + change + "."
                    : s.aboveZero() || s.belowZero()
                        ? "Unclear: " + where + ", " + change + test + "; clear of zero on its own, not after Holm's correction."
                        : "Unclear: " + where + ", " + change + test + "; the interval includes zero.";
        };
        return new Case(g.classifier(), fraction, outcome, s.mean() * 100, s.lower() * 100, s.upper() * 100, g.trials(),
                sentence, p, adjusted);
    }

    static String points(double p) {
        return String.format(Locale.ROOT, "%+.1f points", p).replace("+0.0 points", "0.0 points").replace("-0.0 points", "0.0 points");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
