package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The pipeline's own judge for the quality gate and the do-no-harm check: Tribuo's multinomial logistic
 * regression (AdaGrad SGD) on z-scored features, giving class probabilities. Features are z-scored with the
 * means and deviations of the rows it was fitted on.
 */
public final class ProbabilisticClassifier {
    static {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
    }

    private static final LabelFactory LABELS = new LabelFactory();
    private final Model<Label> model;
    private final String[] featureNames;
    private final double[] mean;
    private final double[] std;
    private final List<String> classNames;

    private ProbabilisticClassifier(Model<Label> model, String[] featureNames, double[] mean, double[] std,
                                    List<String> classNames) {
        this.model = model;
        this.featureNames = featureNames;
        this.mean = mean;
        this.std = std;
        this.classNames = classNames;
    }

    /**
     * Fits on rows {@code x} with labels {@code y} (class names). {@code classNames} fixes the column order of
     * {@link #probabilities}.
     */
    public static ProbabilisticClassifier fit(double[][] x, List<String> y, List<String> classNames, long seed, int epochs) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / Math.max(1, x.length - 1));
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("f%05d", j);
        }
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("spectrogan rows", LABELS), LABELS);
        for (int i = 0; i < x.length; i++) {
            ds.add(example(new Label(y.get(i)), names, x[i], mean, std));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, 100000, 1, seed);
        Model<Label> model = trainer.train(ds);
        return new ProbabilisticClassifier(model, names, mean, std, List.copyOf(classNames));
    }

    private static Example<Label> example(Label label, String[] names, double[] row, double[] mean, double[] std) {
        double[] z = new double[row.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (row[j] - mean[j]) / std[j];
        }
        return new ArrayExample<>(label, names, z);
    }

    /** Class probabilities per row, columns in the order of the class names given to {@link #fit}. */
    public double[][] probabilities(double[][] x) {
        List<Example<Label>> examples = new ArrayList<>(x.length);
        for (double[] row : x) {
            examples.add(example(LABELS.getUnknownOutput(), featureNames, row, mean, std));
        }
        List<Prediction<Label>> preds = model.predict(examples);
        double[][] p = new double[x.length][classNames.size()];
        for (int i = 0; i < x.length; i++) {
            Map<String, Label> scores = preds.get(i).getOutputScores();
            for (int c = 0; c < classNames.size(); c++) {
                Label l = scores.get(classNames.get(c));
                p[i][c] = l == null ? 0.0 : l.getScore();
            }
        }
        return p;
    }

    /** The most probable class name per row. */
    public List<String> predict(double[][] x) {
        double[][] p = probabilities(x);
        List<String> out = new ArrayList<>(x.length);
        for (double[] row : p) {
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            out.add(classNames.get(best));
        }
        return out;
    }

    /** Balanced accuracy (mean per-class recall over the classes present in {@code truth}), in [0, 1]. */
    public static double balancedAccuracy(List<String> truth, List<String> predicted) {
        Map<String, int[]> perClass = new java.util.TreeMap<>();
        for (int i = 0; i < truth.size(); i++) {
            int[] c = perClass.computeIfAbsent(truth.get(i), k -> new int[2]);
            c[1]++;
            if (truth.get(i).equals(predicted.get(i))) {
                c[0]++;
            }
        }
        double sum = 0;
        for (int[] c : perClass.values()) {
            sum += c[0] / (double) c[1];
        }
        return perClass.isEmpty() ? Double.NaN : sum / perClass.size();
    }
}
