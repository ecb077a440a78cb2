package org.spectrogan.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.spectrogan.features.FeatureTable;

/**
 * The whole evaluation of fixed tables, as {@code spectrogan evaluate} runs it: gain over repeated trials,
 * optional sweep over fractions of the real training rows (with the given synthetic rows), fidelity. Returns the
 * typed {@link Result}; {@link ReportWriter#write(Path, Report.Builder, Result, ReportWriter.PlotRows)} turns it
 * into the report folder (the same writer {@code augment} uses).
 */
public final class Evaluation {
    /**
     * What an evaluation found, as the report shows it: how it ran, the gain at all real training rows, the
     * low-data sweep (empty when none ran), the fidelity of the synthetic rows (null when there were none) and the
     * notes that explain the figures. {@code augment} makes one from its own protocol's figures.
     */
    public record Result(Report.Settings settings, List<GainEvaluation.ClassifierGain> gain, List<LowDataSweep.Point> sweep,
                         Fidelity.Result fidelity, List<String> notes) {
        public Result {
            Objects.requireNonNull(settings, "settings");
            gain = List.copyOf(gain);
            sweep = List.copyOf(sweep);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Settings. {@code repeatFraction}: share of rows each trial draws (stratified) so trials differ;
     * {@code fractions}: empty for no sweep; {@code labeller}: the classifier that judges label fidelity;
     * {@code ceiling}: the sweep also measures the ceiling (held-back real rows in place of the synthetic ones).
     */
    public record Options(List<Classifier> classifiers, int repeats, double repeatFraction, long seed,
                          List<Double> fractions, Classifier labeller, boolean ceiling) {
        public Options {
            classifiers = List.copyOf(classifiers);
            fractions = List.copyOf(fractions);
            Objects.requireNonNull(labeller, "labeller");
            if (classifiers.isEmpty()) {
                throw new IllegalArgumentException("no classifiers");
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be at least 1: " + repeats);
            }
            if (!(repeatFraction > 0 && repeatFraction <= 1)) {
                throw new IllegalArgumentException("repeat fraction must be in (0, 1]: " + repeatFraction);
            }
        }

        /** With the ceiling. */
        public Options(List<Classifier> classifiers, int repeats, double repeatFraction, long seed,
                       List<Double> fractions, Classifier labeller) {
            this(classifiers, repeats, repeatFraction, seed, fractions, labeller, true);
        }

        public static Options defaults() {
            return new Options(Classifiers.DEFAULT_NAMES.stream().map(Classifiers::byName).toList(), 5,
                    GainEvaluation.DEFAULT_REPEAT_FRACTION, 42, List.of(), Classifiers.byName("logreg"));
        }
    }

    private Evaluation() {
    }

    /**
     * How many classifier fits {@link #run} makes, plus one for the fidelity (for progress bars). Each fit is made
     * once ({@link FitCache}): a sweep trial's synthetic-only fit is the full-data trial's with the same seed (the
     * same share of the fixed synthetic rows, the same test rows), and a ceiling trial's real-only fit is its sweep
     * trial's, so with synthetic rows a sweep point and a ceiling point add two fits per trial.
     */
    public static int fitCount(Options o, boolean withSynthetic) {
        long below = o.fractions().stream().filter(f -> f < 1).count(); // the 100% point reuses the full-data trials
        long ceilingPoints = o.ceiling() && withSynthetic ? below : 0;
        long perTrial = withSynthetic ? 3 + 2 * below + 2 * ceilingPoints : 1 + below;
        return (int) (o.classifiers().size() * o.repeats() * perTrial) + 1;
    }

    /** Runs everything; {@code progress} hears one message per classifier fit. */
    public static Result run(FeatureTable realTrain, FeatureTable synthetic, FeatureTable realTest, Options o,
                             Consumer<String> progress) {
        List<GainEvaluation.Trial> trials = GainEvaluation.repeatedTrials(realTrain, synthetic, realTest, o.repeats(),
                o.repeatFraction(), o.seed());
        FitCache fits = new FitCache();
        List<GainEvaluation.ClassifierGain> gain = GainEvaluation.evaluate(trials, o.classifiers(), progress, fits);
        List<LowDataSweep.Point> sweep = new ArrayList<>();
        if (!o.fractions().isEmpty()) {
            // the given synthetic rows stay fixed (each trial draws the same share of them as in the main
            // evaluation, so trials at 100% still differ); the sweep varies the real rows
            SyntheticSource fixed = (subset, s) -> synthetic.size() == 0 ? synthetic
                    : Subsampling.stratified(synthetic, o.repeatFraction(), s ^ 0x5DEECE66DL);
            // the ceiling: per trial, as many held-back real rows per class as the synthetic rows that trial adds
            List<Double> below = o.fractions().stream().filter(f -> f < 1).toList();
            if (!below.isEmpty()) {
                sweep.addAll(LowDataSweep.run(List.of(new LowDataSweep.Split(realTrain, realTest)), fixed, o.classifiers(), below,
                        o.repeats(), o.seed(), o.ceiling() && synthetic.size() > 0 ? (subset, syn) -> syn.countsByLabel() : null, fits, progress));
            }
            // the 100% point is the full-data comparison itself (the same trials), so its row and the gain row agree
            if (o.fractions().stream().anyMatch(f -> f >= 1)) {
                sweep.add(fullDataPoint(trials, gain));
            }
            sweep.sort(java.util.Comparator.comparingDouble(LowDataSweep.Point::fraction));
        }
        progress.accept("fidelity");
        Fidelity.Result fidelity = synthetic.size() > 0 ? Fidelity.evaluate(realTrain, synthetic, o.labeller(), o.seed()) : null;
        String resampling = o.repeatFraction() >= 1
                ? "every trial uses all rows; only the classifiers' seeds differ"
                : String.format(Locale.ROOT, "each trial draws %.0f%% of the real training rows and of the synthetic rows (stratified by class and group)",
                        100 * o.repeatFraction());
        List<String> notes = new ArrayList<>();
        if (!sweep.isEmpty()) {
            notes.add("The low-data sweep here keeps the given synthetic rows fixed: they were made from all the real "
                    + "training rows (each trial draws the same share of them as above), so the sweep shows how much "
                    + "they add to fewer real rows, not what a GAN trained on the smaller set would give.");
        }
        if (sweep.stream().anyMatch(p -> p.fraction() >= 1)) {
            notes.add("The sweep's 100% row is the full-data comparison above (the same trials, each drawing "
                    + Math.round(100 * o.repeatFraction()) + "% of the real training rows), not separate trials.");
        }
        if (sweep.stream().anyMatch(p -> !p.ceiling().isEmpty())) {
            notes.add("Ceiling (low-data sweep): the same subsets, seeds and test rows with held-back REAL train rows (outside the "
                    + "subset, as many per class as the synthetic rows the trial adds, or all there are when fewer) in place of the "
                    + "synthetic rows. It is the gain a perfect generator could give at that fraction; a gain target above it "
                    + "cannot be reached by any synthetic rows that imitate the data.");
        }
        if (o.repeats() < 5) {
            notes.add("Only " + o.repeats() + " trial(s): intervals are wide or absent; use at least 5.");
        }
        Report.Settings settings = new Report.Settings(o.classifiers().stream().map(Classifier::name).toList(), o.repeats(),
                o.repeatFraction(), o.seed(), o.fractions(), resampling);
        return new Result(settings, gain, sweep, fidelity, notes);
    }

    /** The sweep point at 100% made of the full-data trials and their gains (mean real and synthetic rows per trial). */
    static LowDataSweep.Point fullDataPoint(List<GainEvaluation.Trial> trials, List<GainEvaluation.ClassifierGain> gain) {
        double real = trials.stream().mapToInt(t -> t.realTrain().size()).average().orElse(0);
        double synthetic = trials.stream().mapToInt(t -> t.synthetic().size()).average().orElse(0);
        return new LowDataSweep.Point(1.0, (int) Math.round(real), synthetic, gain);
    }
}
