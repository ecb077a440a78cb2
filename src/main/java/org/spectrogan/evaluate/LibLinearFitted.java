package org.spectrogan.evaluate;

import java.util.List;
import java.util.function.Supplier;
import org.spectrogan.common.ZScore;

/**
 * A liblinear model as Tribuo 4.3.2's {@code LibLinearClassificationModel} predicts with it: the weights in
 * liblinear's layout ({@code w[feature * nrW + vector]}, the bias last), the classes in liblinear's order, scores
 * from {@link LibLinearProblem#decisionValues}, the label the first strictly highest score in that order. Rows with a
 * non-finite value go to Tribuo's model of the same rows (fitted on first need), as the library would see them.
 */
final class LibLinearFitted implements Classifier.Fitted {
    /** How scores come from decision values, and how {@link #predictProba} turns them into shares. */
    enum Scores {
        /** liblinear's predictProbability (logistic regression): 1 / (1 + exp(-v)), the complement for two
         * classes, else divided by their sum; then normalised again in sorted-class order, as Tribuo's scores were. */
        PROBABILITY,
        /** The decision values (SVM), the second of two classes the negated first; then a softmax. */
        DECISION
    }

    private final List<String> classes;
    private final ZScore z;
    private final String[] order;
    private final double[] w;
    private final int nrW;
    private final Scores kind;
    private final Supplier<Classifier.Fitted> tribuo;
    private Classifier.Fitted tribuoFitted;

    LibLinearFitted(List<String> classes, LibLinearProblem problem, double[] w, Scores kind,
                    Supplier<Classifier.Fitted> tribuo) {
        this.classes = classes;
        this.z = problem.z();
        this.order = problem.order();
        this.w = w;
        this.nrW = problem.weightVectors();
        this.kind = kind;
        this.tribuo = tribuo;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    private synchronized Classifier.Fitted tribuo() {
        if (tribuoFitted == null) {
            tribuoFitted = tribuo.get();
        }
        return tribuoFitted;
    }

    /** One score per class in liblinear's order. */
    private double[] scores(double[] raw) {
        double[] p = new double[order.length];
        LibLinearProblem.decisionValues(z, w, nrW, raw, p);
        if (kind == Scores.DECISION) {
            if (order.length == 2 && p[1] == 0.0) {
                p[1] = -p[0];
            }
            return p;
        }
        for (int c = 0; c < nrW; c++) {
            p[c] = 1 / (1 + Math.exp(-p[c]));
        }
        if (order.length == 2) {
            p[1] = 1. - p[0];
        } else {
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            for (int c = 0; c < p.length; c++) {
                p[c] = p[c] / sum;
            }
        }
        return p;
    }

    @Override
    public String[] predict(double[][] rows) {
        if (!Classifiers.allFinite(rows)) {
            return tribuo().predict(rows);
        }
        String[] out = new String[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = order[LibLinearProblem.firstHighest(scores(rows[r]))];
        }
        return out;
    }

    @Override
    public double[][] predictProba(double[][] rows) {
        if (!Classifiers.allFinite(rows)) {
            return tribuo().predictProba(rows);
        }
        int[] column = new int[order.length];
        for (int c = 0; c < order.length; c++) {
            column[c] = classes.indexOf(order[c]);
        }
        double[][] out = new double[rows.length][classes.size()];
        for (int r = 0; r < rows.length; r++) {
            double[] p = scores(rows[r]);
            for (int c = 0; c < p.length; c++) {
                out[r][column[c]] = p[c];
            }
            if (kind == Scores.PROBABILITY) {
                Classifiers.normaliseScores(out[r]);
            } else {
                Classifiers.softmax(out[r]);
            }
        }
        return out;
    }
}
