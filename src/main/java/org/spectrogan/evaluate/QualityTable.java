package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 12's targets, one row per pipeline, computed from what a run of the pipeline measured (its
 * {@link Input}, taken from the report's own figures): label fidelity of the GAN's rows beside the same
 * classifier's accuracy on real held-out rows; train-on-synthetic over train-on-real; the GAN's gain at 25% beside
 * the best simple augmenter's; the ceiling at each fraction and the share of it the GAN captures; and whether the
 * written dataset's synthetic rows lowered test balanced accuracy with the interval below zero. Every figure is
 * balanced accuracy of the pipeline's first classifier (its do-no-harm judge) unless stated.
 */
public final class QualityTable {
    /** The GAN augmenter's name in the inputs. */
    public static final String GAN = "cwgan";
    /** Train-on-synthetic must reach this share of train-on-real. */
    public static final double TSTR_TARGET = 0.8;
    /** The GAN must capture this share of an eligible ceiling. */
    public static final double CAPTURE_TARGET = 0.5;
    /** A ceiling is eligible when its mean gain is at least this many points and its interval lies above zero. */
    public static final double CEILING_MIN_POINTS = 3.0;
    /** The share of the training data (rows, or participants of the pool) where the GAN meets the simple augmenters. */
    public static final double GAIN_SHARE = 0.25;

    private QualityTable() {
    }

    /** Whether a target is met on one pipeline; {@code NOT_MEASURED} when the run gave nothing to judge. */
    public enum Mark {
        MET("met"), NOT_MET("NOT met"), NOT_MEASURED("n/a");

        private final String text;

        Mark(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        static Mark of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    /**
     * One arm's gain in balanced accuracy (shares, 0..1) at one point of the sweep: {@code arm} an augmenter name
     * (or "ceiling"), {@code at} the point in words ("25%", "5 of 20 participants"), {@code share} the share of the
     * training data it stands for.
     */
    public record Cell(String arm, String at, double share, Summary gain) {
    }

    /**
     * What the written dataset's synthetic rows did to one classifier's test balanced accuracy: {@code gain} the
     * paired trials' t-interval with the test groups held fixed (shares), {@code onResampledGroups} the interval that
     * resamples the test groups too ({@link TestGroupEffect}, points), which decides harm (the target's definition).
     */
    public record WrittenEffect(String classifier, Summary gain, TestGroupEffect onResampledGroups) {
        public WrittenEffect {
            java.util.Objects.requireNonNull(onResampledGroups, "onResampledGroups");
        }

        /** True when the resampled-groups interval lies wholly below zero. */
        public boolean harms() {
            return onResampledGroups.harms();
        }
    }

    /**
     * What one pipeline's run measured. {@code ganFidelity} is {@link Fidelity#compare} of the GAN's rows (null:
     * the GAN made none); {@code gains} every augmenter's gain at every sweep point over the same trials;
     * {@code ceiling} the ceiling's gain at those points (empty: {@code ceilingAbsent} says why);
     * {@code writtenSyntheticRows} the synthetic rows dataset.csv holds and {@code written} their effect on test
     * (empty when it holds none).
     */
    public record Input(String pipeline, String classifier, String budget, String heldOut, Fidelity.Comparison ganFidelity,
                        List<Cell> gains, List<Cell> ceiling, String ceilingAbsent, int writtenSyntheticRows,
                        List<WrittenEffect> written) {
        public Input {
            gains = List.copyOf(gains);
            ceiling = List.copyOf(ceiling);
            written = List.copyOf(written);
        }
    }

    /** The ceiling at one point and the GAN's gain there; {@code capture} = GAN gain / ceiling (NaN when not eligible). */
    public record Capture(String at, Summary ceiling, Summary ganGain, boolean eligible, double capture) {
    }

    /**
     * One pipeline's figures and marks (shares 0..1; points only in the text). {@code labelFidelity} and
     * {@code heldOutAccuracy} are at the GAN rows' class mix ({@link Fidelity#labelFidelityAtMix},
     * {@link Fidelity.Comparison#heldOutAccuracyAtSyntheticMix}).
     */
    public record Row(Input input, double labelFidelity, double heldOutAccuracy, Mark fidelity,
                      double tstrOverTrtr, Mark tstr, String gainAt, Summary ganGain, String bestSimple,
                      Summary bestSimpleGain, Mark gain, List<Capture> ceiling, Mark capture, WrittenEffect worstWritten,
                      boolean writtenHarmed, Mark noHarm) {
    }

    /** The row of one pipeline. */
    public static Row row(Input in) {
        Fidelity.Comparison f = in.ganFidelity();
        // like with like: the held-out rows' per-class recall weighted by the GAN rows' class counts, beside the GAN
        // rows' label fidelity over the same classes (the GAN's rows may be of the rare classes only)
        double lf = f == null ? Double.NaN : Fidelity.labelFidelityAtMix(f.recognition());
        double held = f == null ? Double.NaN : f.heldOutAccuracyAtSyntheticMix();
        Mark fidelity = f == null || Double.isNaN(lf) || Double.isNaN(held) ? Mark.NOT_MEASURED : Mark.of(lf >= held);
        double ratio = f == null ? Double.NaN : f.syntheticOverRealRatio();
        Mark tstr = Double.isNaN(ratio) ? Mark.NOT_MEASURED : Mark.of(ratio >= TSTR_TARGET);

        // the GAN against the best simple augmenter at the point nearest 25%
        String at = nearestPoint(in.gains());
        Summary gan = null;
        String best = null;
        Summary bestGain = null;
        for (Cell c : in.gains()) {
            if (!c.at().equals(at)) {
                continue;
            }
            if (GAN.equals(c.arm())) {
                gan = c.gain();
            } else if (bestGain == null || c.gain().mean() > bestGain.mean()) {
                best = c.arm();
                bestGain = c.gain();
            }
        }
        Mark gain = gan == null || bestGain == null ? Mark.NOT_MEASURED : Mark.of(gan.mean() >= bestGain.mean());

        List<Capture> captures = new ArrayList<>();
        boolean anyEligible = false;
        boolean allCaptured = true;
        for (Cell c : in.ceiling()) {
            Summary g = gainOf(in.gains(), GAN, c.at());
            boolean eligible = 100 * c.gain().mean() >= CEILING_MIN_POINTS && c.gain().aboveZero();
            // an eligible ceiling where the GAN made no rows captures nothing
            double capture = !eligible ? Double.NaN : g == null ? 0.0 : g.mean() / c.gain().mean();
            captures.add(new Capture(c.at(), c.gain(), g, eligible, capture));
            if (eligible) {
                anyEligible = true;
                allCaptured &= capture >= CAPTURE_TARGET;
            }
        }
        Mark capture = anyEligible ? Mark.of(allCaptured) : Mark.NOT_MEASURED;

        WrittenEffect worst = null;
        boolean harmed = false;
        for (WrittenEffect w : in.written()) {
            harmed |= w.harms();
            if (worst == null || w.gain().mean() < worst.gain().mean()) {
                worst = w;
            }
        }
        // no synthetic rows written: dataset.csv is exactly real only, so it cannot lower test accuracy
        Mark noHarm = Mark.of(!harmed);
        return new Row(in, lf, held, fidelity, ratio, tstr, at, gan, best, bestGain, gain, captures, capture, worst,
                harmed, noHarm);
    }

    /** The point of the sweep whose share is nearest {@link #GAIN_SHARE} (the first such; null without gains). */
    static String nearestPoint(List<Cell> gains) {
        String at = null;
        double d = Double.POSITIVE_INFINITY;
        for (Cell c : gains) {
            double e = Math.abs(c.share() - GAIN_SHARE);
            if (e < d - 1e-12) {
                d = e;
                at = c.at();
            }
        }
        return at;
    }

    private static Summary gainOf(List<Cell> gains, String arm, String at) {
        for (Cell c : gains) {
            if (c.arm().equals(arm) && c.at().equals(at)) {
                return c.gain();
            }
        }
        return null;
    }

    /** How many rows meet a target, of those where it was measured, e.g. "2 of 7". */
    static String tally(List<Row> rows, java.util.function.Function<Row, Mark> mark) {
        long met = rows.stream().filter(r -> mark.apply(r) == Mark.MET).count();
        long measured = rows.stream().filter(r -> mark.apply(r) != Mark.NOT_MEASURED).count();
        return met + " of " + measured;
    }

    /** The table as markdown: a legend, one row per pipeline, and the targets over all rows. */
    public static String markdown(List<Row> rows, String title) {
        StringBuilder b = new StringBuilder("# " + title + "\n\n");
        b.append("Balanced accuracy of each pipeline's first classifier (its do-no-harm judge); gains and ceilings in points with 95% intervals over the repeats. "
                + "Every augmenter makes amount x1 of the synthesis plan on the same subsets, seeds and test rows, without the do-no-harm check; "
                + "the ceiling adds as many held-back REAL train rows instead. Label fidelity: a classifier trained on the real train rows applied to the GAN's rows (share put in their class), beside its accuracy on the real held-out rows named in the column "
                + "AT THE GAN ROWS' CLASS MIX: each class's recall on the held-out rows weighted by the GAN's rows of that class (so a GAN that makes only rare classes is compared with how well real rows of those classes are recognised, not with an accuracy dominated by the common class); per-class figures below the table. "
                + "Written dataset: dataset.csv as `augment` writes it (do-no-harm check on, the pipeline's settings under this budget), its synthetic rows' effect on test.csv.\n\n");
        b.append("| pipeline | budget | label fidelity GAN / real held-out at the GAN rows' class mix | TSTR/TRTR (>= ").append(fmt1(TSTR_TARGET))
                .append(") | GAN gain vs best simple | ceiling (GAN capture where ceiling >= ").append(fmt0(CEILING_MIN_POINTS))
                .append(" and interval > 0; >= ").append(fmt0(100 * CAPTURE_TARGET)).append("%) | written dataset: synthetic rows, effect on test |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.input().pipeline()).append(" (").append(r.input().classifier()).append(") | ")
                    .append(r.input().budget()).append(" | ")
                    .append(fidelityText(r)).append(" | ")
                    .append(tstrText(r)).append(" | ")
                    .append(gainText(r)).append(" | ")
                    .append(ceilingText(r)).append(" | ")
                    .append(writtenText(r)).append(" |\n");
        }
        b.append(perClassText(rows));
        b.append("\nTargets over these pipelines (met of measured):\n\n");
        b.append("- label fidelity of the GAN's rows >= real held-out accuracy at their class mix: ").append(tally(rows, Row::fidelity)).append('\n');
        b.append("- train-on-synthetic >= ").append(fmt0(100 * TSTR_TARGET)).append("% of train-on-real: ").append(tally(rows, Row::tstr)).append('\n');
        long gainMet = rows.stream().filter(r -> r.gain() == Mark.MET).count();
        long gainMeasured = rows.stream().filter(r -> r.gain() != Mark.NOT_MEASURED).count();
        b.append("- GAN gain at 25% >= the best simple augmenter's: ").append(gainMet).append(" of ").append(gainMeasured)
                .append(" (target: a majority; ").append(2 * gainMet > gainMeasured ? Mark.MET.text() : Mark.NOT_MET.text()).append(")\n");
        b.append("- GAN captures >= ").append(fmt0(100 * CAPTURE_TARGET)).append("% of every eligible ceiling: ").append(tally(rows, Row::capture))
                .append(" (pipelines without an eligible ceiling are not counted)\n");
        b.append("- written dataset never lowers test balanced accuracy with the interval below zero (test groups resampled): ").append(tally(rows, Row::noHarm)).append('\n');
        return b.toString();
    }

    static String fidelityText(Row r) {
        if (r.input().ganFidelity() == null) {
            return "no GAN rows (" + Mark.NOT_MEASURED.text() + ")";
        }
        return String.format(Locale.ROOT, "%.1f%% / %.1f%% (%s): %s", 100 * r.labelFidelity(), 100 * r.heldOutAccuracy(),
                r.input().heldOut(), r.fidelity().text());
    }

    /**
     * Per pipeline with GAN rows, per class: the GAN rows' label fidelity and the real held-out rows' recall under
     * the same classifier, with the row counts (the weights of the mix), e.g. {@code N1 40.0% of 120 / 30.0% of 50}.
     */
    static String perClassText(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        for (Row r : rows) {
            Fidelity.Comparison f = r.input().ganFidelity();
            if (f == null || f.recognition().isEmpty()) {
                continue;
            }
            if (b.length() == 0) {
                b.append("\nLabel fidelity per class (GAN rows recognised / real held-out rows recognised, each of its rows):\n\n");
            }
            List<String> parts = new ArrayList<>();
            for (Fidelity.ClassRecognition c : f.recognition()) {
                if (c.syntheticRows() == 0) {
                    continue;
                }
                parts.add(c.label() + " " + percentOf(c.labelFidelity(), c.syntheticRows()) + " / "
                        + percentOf(c.heldOutRecall(), c.heldOutRows()));
            }
            b.append("- ").append(r.input().pipeline()).append(": ").append(String.join("; ", parts)).append('\n');
        }
        return b.toString();
    }

    private static String percentOf(double share, int rows) {
        return rows == 0 ? "no rows" : String.format(Locale.ROOT, "%.1f%% of %d", 100 * share, rows);
    }

    static String tstrText(Row r) {
        Fidelity.Comparison f = r.input().ganFidelity();
        if (f == null || Double.isNaN(r.tstrOverTrtr())) {
            return Mark.NOT_MEASURED.text();
        }
        return String.format(Locale.ROOT, "%.2f (%.1f%% / %.1f%%): %s", r.tstrOverTrtr(), 100 * f.trainOnSyntheticBalancedAccuracy(),
                100 * f.trainOnRealBalancedAccuracy(), r.tstr().text());
    }

    static String gainText(Row r) {
        if (r.gain() == Mark.NOT_MEASURED) {
            return "at " + (r.gainAt() == null ? "25%" : r.gainAt()) + ": " + Mark.NOT_MEASURED.text();
        }
        return "at " + r.gainAt() + ": GAN " + r.ganGain().pointsText() + " vs " + r.bestSimple() + " "
                + r.bestSimpleGain().pointsText() + ": " + r.gain().text();
    }

    static String ceilingText(Row r) {
        if (r.ceiling().isEmpty()) {
            return (r.input().ceilingAbsent() == null ? "not measured" : r.input().ceilingAbsent()) + " (" + Mark.NOT_MEASURED.text() + ")";
        }
        List<String> parts = new ArrayList<>();
        for (Capture c : r.ceiling()) {
            String s = c.at() + " " + c.ceiling().pointsText();
            if (c.eligible()) {
                s += String.format(Locale.ROOT, ", GAN %s = %.0f%%", c.ganGain() == null ? "no rows" : c.ganGain().pointsText(),
                        100 * c.capture());
            }
            parts.add(s);
        }
        String verdict = r.capture() == Mark.NOT_MEASURED ? "no eligible ceiling (" + Mark.NOT_MEASURED.text() + ")" : r.capture().text();
        return String.join("; ", parts) + ": " + verdict;
    }

    static String writtenText(Row r) {
        int n = r.input().writtenSyntheticRows();
        if (n == 0 || r.worstWritten() == null) {
            return n + " (real only): " + r.noHarm().text();
        }
        TestGroupEffect e = r.worstWritten().onResampledGroups();
        return n + ", " + r.worstWritten().classifier() + String.format(java.util.Locale.ROOT, " %+.1f [%+.1f, %+.1f] over %d resampled test groups",
                e.meanPoints(), e.lowPoints(), e.highPoints(), e.testGroups())
                + " (fixed test groups " + r.worstWritten().gain().pointsText() + ")"
                + (r.input().written().size() > 1 ? " (the lowest of " + r.input().written().size() + " classifiers)" : "")
                + ": " + r.noHarm().text();
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
