package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The downstream classifiers, all from Tribuo 4.3.2, each behind {@link Classifier}:
 * <ul>
 *   <li>{@code logreg}: logistic regression, LibLinear L2R_LR (one-vs-rest), C = 1, fitted by
 *       {@link LogRegClassifier}: Tribuo's weights, probabilities and labels, on dense rows;</li>
 *   <li>{@code svm}: linear SVM, LibLinear L2R_L2LOSS_SVC_DUAL (one-vs-rest), C = 1, fitted by
 *       {@link SvmClassifier}: Tribuo's weights, scores and labels, on dense rows;</li>
 *   <li>{@code tree}: one CART tree (Gini), depth at most 8;</li>
 *   <li>{@code forest}: random forest of 25 CART trees (depth <= 16), sqrt(d)/d of the features per split,
 *       majority vote. Tribuo builds each tree in about a second at 2,000 rows x 320 features, so the forest is
 *       opt-in, not a default.</li>
 *   <li>{@code knn}: k-nearest neighbours (Tribuo, k = 5, Euclidean distance on the z-scored features, brute
 *       force, majority vote; the scores are the vote shares), predicted by {@link KnnClassifier}: Tribuo's
 *       labels and scores, faster;</li>
 *   <li>{@code mlp}: a small neural network in plain Java ({@link MlpClassifier}: hidden [64] ReLU, softmax,
 *       Adam, early stopping on a stratified 20% of the training rows, seeded).</li>
 * </ul>
 * Every one standardises the features on its training rows first.
 */
public final class Classifiers {
    /** Names accepted by {@link #byName}, in the order reports list them. */
    public static final List<String> NAMES = List.of("logreg", "svm", "tree", "forest", "knn", "mlp");
    /** The default set for the gain evaluation (the forest is about 10x slower than the others; opt in). */
    public static final List<String> DEFAULT_NAMES = List.of("logreg", "svm", "tree");

    /** Neighbours of {@code knn}. */
    static final int KNN_K = 5;

    private static final LabelFactory LABELS = new LabelFactory();
    /** Strong references, so the JUL configuration is not garbage-collected. */
    private static final List<Logger> QUIET = new ArrayList<>();

    static {
        quietTribuo();
    }

    private Classifiers() {
    }

    /** The classifier called {@code name} (case-insensitive), or a user-facing error listing the names. */
    public static Classifier byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "logreg":
            case "logistic":
                return new LogRegClassifier();
            case "svm":
                return new SvmClassifier();
            case "tree":
                return new TribuoClassifier("tree", "decision tree (Tribuo CART, Gini, depth <= 8)",
                        (seed, d) -> new CARTClassificationTrainer(8, 1.0f, false, seed), true);
            case "forest":
                return new TribuoClassifier("forest", "random forest (Tribuo, 25 CART trees, depth <= 16, sqrt(d) features per split)",
                        Classifiers::forest, true);
            case "knn":
                return new KnnClassifier(KNN_K);
            case "mlp":
                return MlpClassifier.standard();
            default:
                throw new SpectroganException("unknown classifier '" + name + "' (choose from " + String.join(", ", NAMES) + ")");
        }
    }

    /** Parses a comma-separated list such as "logreg,svm,forest". */
    public static List<Classifier> byNames(String commaSeparated) {
        List<Classifier> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(byName(s));
            }
        }
        if (out.isEmpty()) {
            throw new SpectroganException("no classifier named in '" + commaSeparated + "' (choose from " + String.join(", ", NAMES) + ")");
        }
        return out;
    }

    /** Sets Tribuo's and LibLinear's loggers to warnings only; called once when this class loads. */
    public static synchronized void quietTribuo() {
        if (QUIET.isEmpty()) {
            for (String name : List.of("org.tribuo", "com.oracle.labs.mlrg.olcut")) {
                Logger l = Logger.getLogger(name);
                l.setLevel(Level.WARNING);
                QUIET.add(l);
            }
            de.bwaldvogel.liblinear.Linear.disableDebugOutput();
        }
    }

    /**
     * Tribuo's own k-nearest neighbours (brute force, L2, one thread, majority vote): the reference
     * {@link KnnClassifier} reproduces, and its fallback for fewer than k rows or non-finite values.
     */
    static Classifier tribuoKnn(int k) {
        return new TribuoClassifier("knn", "k-nearest neighbours (Tribuo, k = " + k + ", Euclidean on z-scored features, majority vote)",
                (seed, d) -> new KNNTrainer<>(k, DistanceType.L2.getDistance(), 1, new VotingCombiner(),
                        KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE), true);
    }

    /**
     * Tribuo's own logistic regression (LibLinear L2R_LR, C = 1, eps 0.01, at most 1000 iterations): the reference
     * {@link LogRegClassifier} reproduces, and its fallback for no features or non-finite values.
     */
    /**
     * The classes of {@code train} (in order of first appearance), after the checks every classifier makes first:
     * at least one row and at least two classes, else an error naming {@code name}.
     */
    static List<String> trainableClasses(FeatureTable train, String name) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot train " + name + " on zero rows");
        }
        List<String> classes = train.labels();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("cannot train " + name + " on one class only (" + classes + ")");
        }
        return classes;
    }

    /** Whether every value of every row is finite (the fast classifiers hand any other table to Tribuo). */
    static boolean allFinite(double[][] rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    static Classifier tribuoLogreg() {
        return new TribuoClassifier("logreg", "logistic regression (LibLinear L2R_LR, C=1)",
                (seed, d) -> new LibLinearClassificationTrainer(
                        new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
                        LogRegClassifier.COST, LogRegClassifier.MAX_ITERATIONS, LogRegClassifier.EPS, seed), true);
    }

    /**
     * Tribuo's own linear SVM (LibLinear L2R_L2LOSS_SVC_DUAL, C = 1, eps 0.1): the reference {@link SvmClassifier}
     * reproduces, and its fallback for no features or non-finite values.
     */
    static Classifier tribuoSvm() {
        return new TribuoClassifier("svm", "linear SVM (LibLinear L2R_L2LOSS_SVC_DUAL, C=1)",
                (seed, d) -> new LibLinearClassificationTrainer(
                        new LinearClassificationType(LinearClassificationType.LinearType.L2R_L2LOSS_SVC_DUAL),
                        SvmClassifier.COST, SvmClassifier.MAX_ITERATIONS, SvmClassifier.EPS, seed), false);
    }

    /** Divides a row of non-negative scores by their sum (left alone if the sum is not positive). */
    static void normaliseScores(double[] row) {
        double s = 0;
        for (double v : row) {
            s += v;
        }
        if (s > 0) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= s;
            }
        }
    }

    private static Trainer<Label> forest(long seed, int featureCount) {
        // RandomForestTrainer insists on a fraction below 1.
        float fraction = (float) Math.min(0.999, Math.max(1.0, Math.sqrt(featureCount)) / featureCount);
        CARTClassificationTrainer tree = new CARTClassificationTrainer(16, fraction, false, seed);
        return new RandomForestTrainer<>(tree, new VotingCombiner(), 25, seed);
    }

    /** Zero-padded names keep Tribuo's sorted feature order equal to the column order. */
    static String[] featureNames(int d) {
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format(Locale.ROOT, "f%06d", j);
        }
        return names;
    }

    /** A fresh Tribuo trainer for one fit: trainers carry their own random state, so never reuse one. */
    @FunctionalInterface
    private interface TrainerFactory {
        Trainer<Label> create(long seed, int featureCount);
    }

    /** Softmax in place, shifted by the row's maximum (one place for Tribuo's scores and the MLP's outputs). */
    static void softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = Math.exp(row[k] - max);
            s += row[k];
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= s;
        }
    }

    private static final class TribuoClassifier implements Classifier {
        private final String name;
        private final String description;
        private final TrainerFactory trainers;
        private final boolean probabilistic;

        TribuoClassifier(String name, String description, TrainerFactory trainers, boolean probabilistic) {
            this.name = name;
            this.description = description;
            this.trainers = trainers;
            this.probabilistic = probabilistic;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Fitted fit(FeatureTable train, long seed) {
            List<String> classes = trainableClasses(train, name);
            ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
            String[] names = featureNames(train.featureCount());
            MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("spectrogan", LABELS), LABELS);
            for (FeatureTable.Row r : train.rows()) {
                ds.add(new ArrayExample<>(new Label(r.label()), names, z.apply(r.values())));
            }
            Model<Label> model = trainers.create(seed, train.featureCount()).train(ds);
            return new TribuoFitted(classes, z, names, model, probabilistic);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private record TribuoFitted(List<String> classes, ZScore z, String[] names, Model<Label> model,
                                boolean probabilistic) implements Classifier.Fitted {
        private List<Prediction<Label>> run(double[][] rows) {
            List<Example<Label>> examples = new ArrayList<>(rows.length);
            for (double[] r : rows) {
                if (r.length != names.length) {
                    throw new IllegalArgumentException("row has " + r.length + " features, model has " + names.length);
                }
                examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, z.apply(r)));
            }
            return model.predict(examples);
        }

        @Override
        public String[] predict(double[][] rows) {
            List<Prediction<Label>> ps = run(rows);
            String[] out = new String[ps.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ps.get(i).getOutput().getLabel();
            }
            return out;
        }

        @Override
        public double[][] predictProba(double[][] rows) {
            List<Prediction<Label>> ps = run(rows);
            double[][] out = new double[ps.size()][classes.size()];
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                index.put(classes.get(k), k);
            }
            for (int i = 0; i < out.length; i++) {
                Map<String, Label> scores = ps.get(i).getOutputScores();
                double[] row = out[i];
                if (scores.isEmpty()) {
                    row[index.get(ps.get(i).getOutput().getLabel())] = 1.0;
                    continue;
                }
                for (Map.Entry<String, Label> e : scores.entrySet()) {
                    Integer k = index.get(e.getKey());
                    if (k != null) {
                        row[k] = e.getValue().getScore();
                    }
                }
                if (probabilistic && ps.get(i).hasProbabilities()) {
                    normaliseScores(row);
                } else if (probabilistic) {
                    clampAndNormalise(row);
                } else {
                    softmax(row);
                }
            }
            return out;
        }

        private static void clampAndNormalise(double[] row) {
            for (int k = 0; k < row.length; k++) {
                row[k] = Math.max(0.0, row[k]);
            }
            normaliseScores(row);
        }

    }
}
