package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.spectrogan.features.FeatureTable;

/**
 * The gain at 10%, 25%, 50% and 100% of the real training rows: for every fraction and repeat, a stratified
 * subset of the real training rows ({@link Subsampling#stratified}, by class and group), synthetic rows made
 * from that subset only by the caller's {@link SyntheticSource}, then one {@link GainEvaluation.Trial}.
 */
public final class LowDataSweep {
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.10, 0.25, 0.50, 1.00);

    private LowDataSweep() {
    }

    /** One fraction: how many real and (mean) synthetic training rows, and the gain per classifier. */
    public record Point(double fraction, int realTrainRows, double meanSyntheticRows,
                       List<GainEvaluation.ClassifierGain> classifiers) {
        public Point {
            classifiers = List.copyOf(classifiers);
        }
    }

    /**
     * Runs the sweep. Repeat r of every fraction uses the same seed, so the fractions' subsets differ only in
     * size; at 100% every repeat has the whole training set and only the synthetic rows and the classifiers'
     * seeds vary. {@code progress} hears about each step.
     */
    public static List<Point> run(FeatureTable realTrain, FeatureTable realTest, SyntheticSource source,
                                  List<Classifier> classifiers, List<Double> fractions, int repeats, long seed,
                                  Consumer<String> progress) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1: " + repeats);
        }
        long[] seeds = new long[repeats];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            seeds[r] = rng.nextLong();
        }
        List<Point> points = new ArrayList<>();
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1]: " + f);
            }
            List<GainEvaluation.Trial> trials = new ArrayList<>();
            long synthRows = 0;
            int realRows = 0;
            for (int r = 0; r < repeats; r++) {
                String where = Math.round(f * 100) + "% repeat " + (r + 1) + "/" + repeats;
                FeatureTable subset = Subsampling.stratified(realTrain, f, seeds[r]);
                progress.accept(where + ": synthesizing from " + subset.size() + " real rows");
                FeatureTable syn = source.synthesize(subset, seeds[r]);
                if (syn == null) {
                    syn = new FeatureTable(realTrain.featureNames(), List.of());
                }
                realRows = subset.size();
                synthRows += syn.size();
                trials.add(new GainEvaluation.Trial(subset, syn, realTest, seeds[r]));
            }
            String at = Math.round(f * 100) + "%: ";
            List<GainEvaluation.ClassifierGain> gains = GainEvaluation.evaluate(trials, classifiers, s -> progress.accept(at + s));
            points.add(new Point(f, realRows, (double) synthRows / repeats, gains));
        }
        return points;
    }
}
