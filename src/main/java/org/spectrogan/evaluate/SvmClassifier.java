package org.spectrogan.evaluate;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.spectrogan.features.FeatureTable;

/**
 * The {@code svm} classifier: a linear SVM with the same weights, scores and labels as Tribuo 4.3.2's
 * {@code LibLinearClassificationTrainer} (L2R_L2LOSS_SVC_DUAL, C = 1, eps 0.1) over liblinear-java 2.44, on dense
 * rows ({@link LibLinearProblem}):
 * <ul>
 *   <li>the solver: liblinear's {@code solve_l2r_l1l2_svc} for the squared hinge loss, dual coordinate descent with
 *       shrinking, every sum in the library's order;</li>
 *   <li>the random order of the coordinates: liblinear draws it from the {@link Random} Tribuo gives it,
 *       {@code new Random(new SplittableRandom(seed).split().nextLong())} for a fresh trainer's first fit, shared
 *       by the classes' problems in turn (one against the rest, or one problem for two classes);</li>
 *   <li>a problem that reaches the dual solver's 300 iterations goes on, as in liblinear, with the primal Newton
 *       solver on the squared hinge loss from the dual's weights ({@link LibLinearNewton.SquaredHingeLoss}; Sleep-EDF's
 *       problems do);</li>
 *   <li>no features or a non-finite value go to Tribuo itself ({@link Classifiers#tribuoSvm}), so they fail or
 *       answer exactly as before;</li>
 *   <li>prediction ({@link LibLinearFitted}): liblinear's {@code predictValues}, Tribuo's label and the softmax
 *       of the decision values.</li>
 * </ul>
 * {@code SvmFastAgainstTribuoTest} checks scores and labels against Tribuo bit for bit.
 */
final class SvmClassifier implements Classifier {
    /** LibLinear's cost C. */
    static final double COST = 1.0;
    /** LibLinear's stopping tolerance (Tribuo's terminationCriterion). */
    static final double EPS = 0.1;
    /** Tribuo's maxIterations (liblinear's primal solver's, after the dual's 300). */
    static final int MAX_ITERATIONS = 1000;
    /** liblinear's iteration limit of the dual solver, after which it switches to the primal one. */
    static final int DUAL_MAX_ITERATIONS = 300;

    private final Classifier reference = Classifiers.tribuoSvm();

    @Override
    public String name() {
        return "svm";
    }

    @Override
    public String description() {
        return reference.description();
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        List<String> classes = Classifiers.trainableClasses(train, "svm");
        if (train.featureCount() == 0 || !Classifiers.allFinite(train.matrix())) {
            return reference.fit(train, seed);
        }
        LibLinearProblem problem = LibLinearProblem.of(train);
        int n = problem.variables();
        int nrW = problem.weightVectors();
        Random random = new Random(new SplittableRandom(seed).split().nextLong());
        double[] w = new double[n * nrW];
        double[] wc = new double[n];
        for (int c = 0; c < nrW; c++) {
            double[] y = problem.signs(c);
            if (solve(problem.x(), y, wc, random) >= DUAL_MAX_ITERATIONS) {
                primal(problem.x(), y, wc);
            }
            for (int j = 0; j < n; j++) {
                w[j * nrW + c] = wc[j];
            }
        }
        return new LibLinearFitted(classes, problem, w, LibLinearFitted.Scores.DECISION, () -> reference.fit(train, seed));
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * liblinear's switch after the dual's 300 iterations: its primal Newton solver on the squared hinge loss from the
     * dual's weights, the tolerance eps x max(min(positives, negatives), 1) / rows, times 0.1.
     */
    private static void primal(double[][] x, double[] y, double[] w) {
        double[] c = LibLinearNewton.costs(x.length, COST);
        double tolerance = LibLinearNewton.primalTolerance(EPS, y);
        tolerance *= 0.1;
        new LibLinearNewton.Newton(new LibLinearNewton.SquaredHingeLoss(x, y, c, w.length), tolerance, MAX_ITERATIONS).minimise(w);
    }

    private static double dot(double[] w, double[] xi) {
        double ret = 0;
        for (int j = 0; j < xi.length; j++) {
            ret += w[j] * xi[j];
        }
        return ret;
    }

    private static void axpy(double a, double[] xi, double[] w) {
        for (int j = 0; j < xi.length; j++) {
            w[j] += a * xi[j];
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * liblinear's {@code solve_l2r_l1l2_svc} (L2 loss, Cp = Cn = C) on rows {@code x} with signs {@code y}, from zero
     * weights into {@code w}; returns the iterations made.
     */
    static int solve(double[][] x, double[] y, double[] w, Random random) {
        int l = x.length;
        double[] qd = new double[l];
        int[] index = new int[l];
        double[] alpha = new double[l];
        byte[] sign = new byte[l];
        int activeSize = l;
        double pgMaxOld = Double.POSITIVE_INFINITY;
        double pgMinOld = Double.NEGATIVE_INFINITY;
        // indexed by sign + 1: {negative, unused, positive}
        double[] diag = {0.5 / COST, 0, 0.5 / COST};
        double[] upperBound = {Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY};
        for (int i = 0; i < l; i++) {
            sign[i] = (byte) (y[i] > 0 ? +1 : -1);
        }
        java.util.Arrays.fill(w, 0);
        for (int i = 0; i < l; i++) {
            qd[i] = diag[sign[i] + 1];
            double[] xi = x[i];
            double sq = 0;
            for (double v : xi) {
                sq += v * v;
            }
            qd[i] += sq;
            axpy(sign[i] * alpha[i], xi, w);
            index[i] = i;
        }
        int iter = 0;
        while (iter < DUAL_MAX_ITERATIONS) {
            double pgMaxNew = Double.NEGATIVE_INFINITY;
            double pgMinNew = Double.POSITIVE_INFINITY;
            for (int i = 0; i < activeSize; i++) {
                int j = i + random.nextInt(activeSize - i);
                swap(index, i, j);
            }
            for (int s = 0; s < activeSize; s++) {
                int i = index[s];
                byte yi = sign[i];
                double[] xi = x[i];
                double g = yi * dot(w, xi) - 1;
                double c = upperBound[yi + 1];
                g += alpha[i] * diag[yi + 1];
                double pg = 0;
                if (alpha[i] == 0) {
                    if (g > pgMaxOld) {
                        activeSize--;
                        swap(index, s, activeSize);
                        s--;
                        continue;
                    } else if (g < 0) {
                        pg = g;
                    }
                } else if (alpha[i] == c) {
                    if (g < pgMinOld) {
                        activeSize--;
                        swap(index, s, activeSize);
                        s--;
                        continue;
                    } else if (g > 0) {
                        pg = g;
                    }
                } else {
                    pg = g;
                }
                pgMaxNew = Math.max(pgMaxNew, pg);
                pgMinNew = Math.min(pgMinNew, pg);
                if (Math.abs(pg) > 1.0e-12) {
                    double alphaOld = alpha[i];
                    alpha[i] = Math.min(Math.max(alpha[i] - g / qd[i], 0.0), c);
                    double d = (alpha[i] - alphaOld) * yi;
                    axpy(d, xi, w);
                }
            }
            iter++;
            if (pgMaxNew - pgMinNew <= EPS && Math.abs(pgMaxNew) <= EPS && Math.abs(pgMinNew) <= EPS) {
                if (activeSize == l) {
                    break;
                }
                activeSize = l;
                pgMaxOld = Double.POSITIVE_INFINITY;
                pgMinOld = Double.NEGATIVE_INFINITY;
                continue;
            }
            pgMaxOld = pgMaxNew;
            pgMinOld = pgMinNew;
            if (pgMaxOld <= 0) {
                pgMaxOld = Double.POSITIVE_INFINITY;
            }
            if (pgMinOld >= 0) {
                pgMinOld = Double.NEGATIVE_INFINITY;
            }
        }
        return iter;
    }
}
