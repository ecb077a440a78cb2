package org.spectrogan.evaluate;

import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * The {@code logreg} classifier: L2-regularised logistic regression with the same weights, probabilities and labels
 * as Tribuo 4.3.2's {@code LibLinearClassificationTrainer} (L2R_LR, C = 1, eps 0.01, at most 1000 Newton
 * iterations) over liblinear-java 2.44, on dense rows instead of one {@code FeatureNode} object per value:
 * <ul>
 *   <li>the problem Tribuo builds ({@link LibLinearProblem}): z-scored features and a bias, the classes in their
 *       order of first appearance, the rows grouped by class;</li>
 *   <li>two classes: one problem, the first class +1; more: one against the rest per class, each from zero
 *       weights, {@code C} the same for both signs;</li>
 *   <li>the solver ({@link LibLinearNewton}): liblinear's trust-free Newton method with preconditioned conjugate gradients
 *       and a backtracking line search, with every sum in the library's order (the BLAS routines' unrolling
 *       included), so every weight is the same double;</li>
 *   <li>prediction ({@link LibLinearFitted}): liblinear's {@code predictProbability} and Tribuo's label.</li>
 * </ul>
 * No features, a training row with a non-finite value, or such a row to predict, go to Tribuo itself
 * ({@link Classifiers#tribuoLogreg}), so they fail or answer exactly as before.
 * {@code LogRegFastAgainstTribuoTest} checks weights-derived probabilities and labels against Tribuo bit for bit.
 */
final class LogRegClassifier implements Classifier {
    /** LibLinear's cost C. */
    static final double COST = 1.0;
    /** LibLinear's stopping tolerance (Tribuo's terminationCriterion). */
    static final double EPS = 0.01;
    /** Most Newton iterations. */
    static final int MAX_ITERATIONS = 1000;

    private final Classifier reference = Classifiers.tribuoLogreg();

    @Override
    public String name() {
        return "logreg";
    }

    @Override
    public String description() {
        return reference.description();
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        List<String> classes = Classifiers.trainableClasses(train, "logreg");
        int d = train.featureCount();
        if (d == 0 || !Classifiers.allFinite(train.matrix())) {
            return reference.fit(train, seed);
        }
        LibLinearProblem problem = LibLinearProblem.of(train);
        int n = problem.variables();
        int nrW = problem.weightVectors();
        double[] w = new double[n * nrW];
        for (int c = 0; c < nrW; c++) {
            double[] wc = trainOne(problem.x(), problem.signs(c), n);
            for (int j = 0; j < n; j++) {
                w[j * nrW + c] = wc[j];
            }
        }
        return new LibLinearFitted(classes, problem, w, LibLinearFitted.Scores.PROBABILITY, () -> reference.fit(train, seed));
    }

    @Override
    public String toString() {
        return name();
    }

    /** liblinear's {@code train_one} for L2R_LR from zero weights: per-row C, the tolerance scaled by the smaller class. */
    private static double[] trainOne(double[][] x, double[] y, int n) {
        double[] c = LibLinearNewton.costs(x.length, COST);
        double tolerance = LibLinearNewton.primalTolerance(EPS, y);
        double[] w = new double[n];
        new LibLinearNewton.Newton(new LibLinearNewton.LogisticLoss(x, y, c, n), tolerance, MAX_ITERATIONS).minimise(w);
        return w;
    }
}
