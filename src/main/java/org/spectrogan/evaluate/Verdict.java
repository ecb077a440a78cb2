package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-words answer to "did augmentation help?", judged on one metric (balanced accuracy by default)
 * from the paired gain intervals: a case (classifier at a training fraction) "helped" when the whole 95%
 * interval of the gain is above zero, "hurt" when it is below zero, and is "unclear" otherwise.
 */
public record Verdict(String metric, String headline, int helped, int hurt, int unclear, List<Case> cases) {
    public Verdict {
        cases = List.copyOf(cases);
    }

    /** One classifier at one fraction of the real training rows (1.0 = all). */
    public record Case(String classifier, double fraction, String outcome, double gainPoints, double lowerPoints,
                       double upperPoints, int trials, String sentence) {
    }

    public static final String HELPED = "helped";
    public static final String HURT = "hurt";
    public static final String UNCLEAR = "unclear";

    /** Judges the full-data gains and the sweep points (either may be empty). */
    public static Verdict of(List<GainEvaluation.ClassifierGain> fullData, List<LowDataSweep.Point> sweep, Metric metric) {
        List<Case> cases = new ArrayList<>();
        for (GainEvaluation.ClassifierGain g : fullData) {
            cases.add(judge(g, 1.0, false, metric));
        }
        for (LowDataSweep.Point p : sweep) {
            for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                cases.add(judge(g, p.fraction(), true, metric));
            }
        }
        int helped = 0;
        int hurt = 0;
        int unclear = 0;
        for (Case c : cases) {
            switch (c.outcome()) {
                case HELPED -> helped++;
                case HURT -> hurt++;
                default -> unclear++;
            }
        }
        String headline;
        if (cases.isEmpty()) {
            headline = "No gain was measured.";
        } else if (helped == cases.size()) {
            headline = String.format(Locale.ROOT, "Augmentation helped in every case measured (%d of %d): %s rose, the 95%% interval above zero.",
                    helped, cases.size(), metric.title());
        } else if (helped > 0) {
            headline = String.format(Locale.ROOT, "Augmentation helped in %d of %d cases (%s, 95%% interval above zero), hurt in %d and was unclear in %d.",
                    helped, cases.size(), metric.title(), hurt, unclear);
        } else if (hurt > 0) {
            headline = String.format(Locale.ROOT, "Augmentation did not help: %s fell in %d of %d cases (95%% interval below zero) and was unclear in the other %d.",
                    metric.title(), hurt, cases.size(), unclear);
        } else {
            headline = String.format(Locale.ROOT, "Augmentation did not clearly help: in all %d cases the 95%% interval of the %s gain includes zero.",
                    cases.size(), metric.title());
        }
        return new Verdict(metric.title(), headline, helped, hurt, unclear, cases);
    }

    private static Case judge(GainEvaluation.ClassifierGain g, double fraction, boolean inSweep, Metric metric) {
        Summary s = g.gain().get(metric);
        // identical trials (or one trial) give a zero-width "interval" that says nothing about uncertainty
        boolean degenerate = s.n() < 2 || s.sd() == 0;
        String outcome = degenerate ? UNCLEAR : s.aboveZero() ? HELPED : s.belowZero() ? HURT : UNCLEAR;
        double base = g.real().get(metric).mean() * 100;
        double aug = g.augmented().get(metric).mean() * 100;
        String where = inSweep
                ? String.format(Locale.ROOT, "%s at %.0f%% of the real training rows (low-data sweep)", g.classifier(), 100 * fraction)
                : g.classifier() + " with the real training rows";
        String change = String.format(Locale.ROOT, "%s went from %.1f%% (real only) to %.1f%% (real + synthetic), %s (95%% interval %s to %s, %d trials)",
                metric.title(), base, aug, points(s.mean() * 100), points(s.lower() * 100), points(s.upper() * 100), g.trials());
        String sentence = switch (outcome) {
            case HELPED -> "Helped: " + where + ", " + change + ".";
            case HURT -> "Hurt: " + where + ", " + change + ".";
            default -> degenerate
                    ? "Unclear: " + where + ", " + change + "; " + (s.n() < 2 ? "only one trial" : "every trial gave the same gain")
                        + ", so there is no interval."
                    : "Unclear: " + where + ", " + change + "; the interval includes zero.";
        };
        return new Case(g.classifier(), fraction, outcome, s.mean() * 100, s.lower() * 100, s.upper() * 100, g.trials(), sentence);
    }

    static String points(double p) {
        return String.format(Locale.ROOT, "%+.1f points", p).replace("+0.0 points", "0.0 points").replace("-0.0 points", "0.0 points");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
