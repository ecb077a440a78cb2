package org.spectrogan.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectrogan.common.ZScore;
import org.spectrogan.features.FeatureTable;

/**
 * The {@code logreg} classifier: L2-regularised logistic regression with the same weights, probabilities and labels
 * as Tribuo 4.3.2's {@code LibLinearClassificationTrainer} (L2R_LR, C = 1, eps 0.01, at most 1000 Newton
 * iterations) over liblinear-java 2.44, on dense rows instead of one {@code FeatureNode} object per value:
 * <ul>
 *   <li>the problem Tribuo builds: the z-scored features in column order (zero-padded names keep Tribuo's sorted
 *       feature ids in column order) plus a bias feature of value 1 after them; the classes in their order of
 *       first appearance among the training rows (liblinear's {@code groupClasses}; Tribuo's label ids only name
 *       them), the rows grouped by class keeping their order within a class;</li>
 *   <li>two classes: one problem, the first class +1; more: one against the rest per class, each from zero
 *       weights, {@code C} the same for both signs;</li>
 *   <li>the solver ({@link Newton}): liblinear's trust-free Newton method with preconditioned conjugate gradients
 *       and a backtracking line search, with every sum in the library's order (the BLAS routines' unrolling
 *       included), so every weight is the same double. A zero value adds ±0 to a sum that started at +0, which
 *       changes no bit, so dense rows need no sparsity;</li>
 *   <li>prediction: liblinear's {@code predictProbability} (decision values summed in feature order, then
 *       1 / (1 + exp(-v)), the complement for two classes, else divided by their sum) and Tribuo's label, the first
 *       strictly highest score in the classes' training order.</li>
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
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot train logreg on zero rows");
        }
        List<String> classes = train.labels();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("cannot train logreg on one class only (" + classes + ")");
        }
        int d = train.featureCount();
        if (d == 0 || !allFinite(train.matrix())) {
            return reference.fit(train, seed);
        }
        ZScore z = ZScore.fit(train.matrix(), ZScore.ConstantColumns.CENTRE);
        // classes in first-appearance order, rows grouped by class (stable): liblinear's groupClasses
        Map<String, List<double[]>> byClass = new LinkedHashMap<>();
        for (FeatureTable.Row r : train.rows()) {
            byClass.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(withBias(z.apply(r.values())));
        }
        String[] order = byClass.keySet().toArray(new String[0]);
        int l = train.size();
        double[][] x = new double[l][];
        int[] start = new int[order.length];
        int[] count = new int[order.length];
        int i = 0;
        for (int c = 0; c < order.length; c++) {
            start[c] = i;
            for (double[] row : byClass.get(order[c])) {
                x[i++] = row;
            }
            count[c] = i - start[c];
        }
        int n = d + 1;
        int nrW = order.length == 2 ? 1 : order.length;
        double[] w = new double[n * nrW];
        double[] y = new double[l];
        for (int c = 0; c < nrW; c++) {
            for (int k = 0; k < l; k++) {
                y[k] = k >= start[c] && k < start[c] + count[c] ? +1 : -1;
            }
            double[] wc = trainOne(x, y, n);
            for (int j = 0; j < n; j++) {
                w[j * nrW + c] = wc[j];
            }
        }
        return new LogRegFitted(classes, z, order, w, nrW, () -> reference.fit(train, seed));
    }

    @Override
    public String toString() {
        return name();
    }

    /** liblinear's {@code train_one} for L2R_LR from zero weights: per-row C, the tolerance scaled by the smaller class. */
    private static double[] trainOne(double[][] x, double[] y, int n) {
        int l = x.length;
        double[] c = new double[l];
        int pos = 0;
        for (int i = 0; i < l; i++) {
            if (y[i] > 0) {
                pos++;
            }
            c[i] = COST;
        }
        int neg = l - pos;
        double tolerance = EPS * Math.max(Math.min(pos, neg), 1) / l;
        double[] w = new double[n];
        new Newton(new LogisticLoss(x, y, c, n), tolerance, MAX_ITERATIONS).minimise(w);
        return w;
    }

    private static double[] withBias(double[] zRow) {
        double[] row = new double[zRow.length + 1];
        System.arraycopy(zRow, 0, row, 0, zRow.length);
        row[zRow.length] = 1.0;
        return row;
    }

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

    /** A fitted model: liblinear's weight layout ({@code w[feature * nrW + class]}, bias last) and the class order. */
    private static final class LogRegFitted implements Classifier.Fitted {
        private final List<String> classes;
        private final ZScore z;
        private final String[] order;
        private final double[] w;
        private final int nrW;
        private final java.util.function.Supplier<Fitted> tribuo;
        private Fitted tribuoFitted;

        LogRegFitted(List<String> classes, ZScore z, String[] order, double[] w, int nrW,
                     java.util.function.Supplier<Fitted> tribuo) {
            this.classes = classes;
            this.z = z;
            this.order = order;
            this.w = w;
            this.nrW = nrW;
            this.tribuo = tribuo;
        }

        @Override
        public List<String> classes() {
            return classes;
        }

        private synchronized Fitted tribuo() {
            if (tribuoFitted == null) {
                tribuoFitted = tribuo.get();
            }
            return tribuoFitted;
        }

        /** liblinear's predictProbability: one score per class in {@link #order}. */
        private double[] scores(double[] raw) {
            int d = w.length / nrW - 1;
            if (raw.length != d) {
                throw new IllegalArgumentException("row has " + raw.length + " features, model has " + d);
            }
            double[] x = z.apply(raw);
            double[] p = new double[order.length];
            for (int j = 0; j < d; j++) {
                int o = j * nrW;
                double v = x[j];
                for (int c = 0; c < nrW; c++) {
                    p[c] += w[o + c] * v;
                }
            }
            int o = d * nrW;
            for (int c = 0; c < nrW; c++) {
                p[c] += w[o + c] * 1.0;
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
            if (!allFinite(rows)) {
                return tribuo().predict(rows);
            }
            String[] out = new String[rows.length];
            for (int r = 0; r < rows.length; r++) {
                double[] p = scores(rows[r]);
                double max = Double.NEGATIVE_INFINITY;
                int best = -1;
                for (int c = 0; c < p.length; c++) {
                    if (p[c] > max) {
                        max = p[c];
                        best = c;
                    }
                }
                out[r] = order[best];
            }
            return out;
        }

        @Override
        public double[][] predictProba(double[][] rows) {
            if (!allFinite(rows)) {
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
                Classifiers.normaliseScores(out[r]);
            }
            return out;
        }
    }

    /**
     * liblinear's {@code L2R_LrFunction} (with its base {@code L2R_ErmFunction}, the bias regularised): the
     * objective w'w/2 + sum C_i log(1 + exp(-y_i w'x_i)), its gradient, Hessian-vector product, diagonal
     * preconditioner and line search, over dense rows.
     */
    static final class LogisticLoss {
        private final double[][] x;
        private final double[] y;
        private final double[] c;
        private final int n;
        private final double[] wx;
        private final double[] tmp;
        private final double[] d;
        private double wTw;

        LogisticLoss(double[][] x, double[] y, double[] c, int n) {
            this.x = x;
            this.y = y;
            this.c = c;
            this.n = n;
            this.wx = new double[x.length];
            this.tmp = new double[x.length];
            this.d = new double[x.length];
        }

        int variables() {
            return n;
        }

        private static double dot(double[] s, double[] xi) {
            double ret = 0;
            for (int j = 0; j < xi.length; j++) {
                ret += s[j] * xi[j];
            }
            return ret;
        }

        private static void axpy(double a, double[] xi, double[] out) {
            for (int j = 0; j < xi.length; j++) {
                out[j] += a * xi[j];
            }
        }

        private void xv(double[] v, double[] out) {
            for (int i = 0; i < x.length; i++) {
                out[i] = dot(v, x[i]);
            }
        }

        private void xTv(double[] v, double[] out) {
            for (int j = 0; j < n; j++) {
                out[j] = 0;
            }
            for (int i = 0; i < x.length; i++) {
                axpy(v[i], x[i], out);
            }
        }

        private double cTimesLoss(int i, double wxi) {
            double ywx = wxi * y[i];
            if (ywx >= 0) {
                return c[i] * Math.log(1 + Math.exp(-ywx));
            }
            return c[i] * (-ywx + Math.log(1 + Math.exp(ywx)));
        }

        double fun(double[] w) {
            double f = 0;
            wTw = 0;
            xv(w, wx);
            for (int j = 0; j < n; j++) {
                wTw += w[j] * w[j];
            }
            for (int i = 0; i < x.length; i++) {
                f += cTimesLoss(i, wx[i]);
            }
            f = f + 0.5 * wTw;
            return f;
        }

        void grad(double[] w, double[] g) {
            for (int i = 0; i < x.length; i++) {
                tmp[i] = 1 / (1 + Math.exp(-y[i] * wx[i]));
                d[i] = tmp[i] * (1 - tmp[i]);
                tmp[i] = c[i] * (tmp[i] - 1) * y[i];
            }
            xTv(tmp, g);
            for (int j = 0; j < n; j++) {
                g[j] = w[j] + g[j];
            }
        }

        void diagPreconditioner(double[] m) {
            for (int j = 0; j < n; j++) {
                m[j] = 1;
            }
            for (int i = 0; i < x.length; i++) {
                double[] xi = x[i];
                for (int j = 0; j < xi.length; j++) {
                    m[j] += xi[j] * xi[j] * c[i] * d[i];
                }
            }
        }

        void hv(double[] s, double[] hs) {
            for (int j = 0; j < n; j++) {
                hs[j] = 0;
            }
            for (int i = 0; i < x.length; i++) {
                double[] xi = x[i];
                double xTs = dot(s, xi);
                xTs = c[i] * d[i] * xTs;
                axpy(xTs, xi, hs);
            }
            for (int j = 0; j < n; j++) {
                hs[j] = s[j] + hs[j];
            }
        }

        /** On entry {@code f[0]} is the value at {@code w}; on exit w is updated and f[0] its new value. Returns the step (0 = failed). */
        double lineSearchAndUpdate(double[] w, double[] s, double[] f, double[] g, double alpha) {
            double sTs = 0;
            double wTs = 0;
            double gTs = 0;
            double eta = 0.01;
            int maxSearches = 20;
            double fold = f[0];
            xv(s, tmp);
            for (int j = 0; j < n; j++) {
                sTs += s[j] * s[j];
                wTs += s[j] * w[j];
                gTs += s[j] * g[j];
            }
            int searches;
            for (searches = 0; searches < maxSearches; searches++) {
                double loss = 0;
                for (int i = 0; i < x.length; i++) {
                    double inner = tmp[i] * alpha + wx[i];
                    loss += cTimesLoss(i, inner);
                }
                f[0] = loss + (alpha * alpha * sTs + wTw) / 2.0 + alpha * wTs;
                if (f[0] - fold <= eta * alpha * gTs) {
                    for (int i = 0; i < x.length; i++) {
                        wx[i] += alpha * tmp[i];
                    }
                    break;
                }
                alpha *= 0.5;
            }
            if (searches >= maxSearches) {
                f[0] = fold;
                return 0;
            }
            for (int j = 0; j < n; j++) {
                w[j] += alpha * s[j];
            }
            wTw += alpha * alpha * sTs + 2 * alpha * wTs;
            return alpha;
        }
    }

    /** liblinear's {@code Newton} (2.44): Newton steps from preconditioned CG, stopped on the gradient norm. */
    static final class Newton {
        private final LogisticLoss fun;
        private final double eps;
        private final int maxIterations;
        private static final double EPS_CG = 0.5;

        Newton(LogisticLoss fun, double eps, int maxIterations) {
            this.fun = fun;
            this.eps = eps;
            this.maxIterations = maxIterations;
        }

        void minimise(double[] w) {
            int n = fun.variables();
            double[] s = new double[n];
            double[] r = new double[n];
            double[] g = new double[n];
            double alphaPcg = 0.01;
            double[] m = new double[n];
            double[] w0 = new double[n];
            fun.fun(w0);
            fun.grad(w0, g);
            double gnorm0 = Blas.nrm2(n, g);
            double f = fun.fun(w);
            fun.grad(w, g);
            double gnorm = Blas.nrm2(n, g);
            boolean search = !(gnorm <= eps * gnorm0);
            int iter = 1;
            double[] fRef = new double[1];
            while (iter <= maxIterations && search) {
                fun.diagPreconditioner(m);
                for (int i = 0; i < n; i++) {
                    m[i] = (1 - alphaPcg) + alphaPcg * m[i];
                }
                pcg(g, m, s, r);
                double fold = f;
                fRef[0] = f;
                double step = fun.lineSearchAndUpdate(w, s, fRef, g, 1);
                f = fRef[0];
                if (step == 0) {
                    break;
                }
                fun.grad(w, g);
                gnorm = Blas.nrm2(n, g);
                if (gnorm <= eps * gnorm0) {
                    break;
                }
                if (f < -1.0e+32) {
                    break;
                }
                double actred = fold - f;
                if (Math.abs(actred) <= 1.0e-12 * Math.abs(f)) {
                    break;
                }
                iter++;
            }
        }

        private int pcg(double[] g, double[] m, double[] s, double[] r) {
            int n = fun.variables();
            double[] d = new double[n];
            double[] hd = new double[n];
            double[] z = new double[n];
            double q = 0;
            for (int i = 0; i < n; i++) {
                s[i] = 0;
                r[i] = -g[i];
                z[i] = r[i] / m[i];
                d[i] = z[i];
            }
            double zTr = Blas.dot(n, z, r);
            double gMinvNorm = Math.sqrt(zTr);
            double cgtol = Math.min(EPS_CG, Math.sqrt(gMinvNorm));
            int cgIter = 0;
            int maxCgIter = Math.max(n, 5);
            while (cgIter < maxCgIter) {
                cgIter++;
                fun.hv(d, hd);
                double dHd = Blas.dot(n, d, hd);
                if (dHd <= 1.0e-16) {
                    break;
                }
                double alpha = zTr / dHd;
                Blas.axpy(n, alpha, d, s);
                alpha = -alpha;
                Blas.axpy(n, alpha, hd, r);
                double newQ = -0.5 * (Blas.dot(n, s, r) - Blas.dot(n, s, g));
                double qDiff = newQ - q;
                if (newQ <= 0 && qDiff <= 0) {
                    if (cgIter * qDiff >= cgtol * newQ) {
                        break;
                    }
                } else {
                    break;
                }
                q = newQ;
                for (int i = 0; i < n; i++) {
                    z[i] = r[i] / m[i];
                }
                double znewTrnew = Blas.dot(n, z, r);
                double beta = znewTrnew / zTr;
                Blas.scal(n, beta, d);
                Blas.axpy(n, 1, z, d);
                zTr = znewTrnew;
            }
            return cgIter;
        }
    }

    /** The reference BLAS routines liblinear-java uses (unit stride), with their order of operations. */
    static final class Blas {
        private Blas() {
        }

        /** dnrm2: the scaled sum of squares from the last element to the first. */
        static double nrm2(int n, double[] x) {
            if (n < 1) {
                return 0.0;
            }
            if (n == 1) {
                return Math.abs(x[0]);
            }
            double scale = 0.0;
            double ssq = 1.0;
            for (int i = n - 1; i >= 0; i--) {
                if (x[i] != 0.0) {
                    double absxi = Math.abs(x[i]);
                    if (scale < absxi) {
                        double t = scale / absxi;
                        ssq = ssq * (t * t) + 1.0;
                        scale = absxi;
                    } else {
                        double t = absxi / scale;
                        ssq += t * t;
                    }
                }
            }
            return scale * Math.sqrt(ssq);
        }

        /** ddot: five products summed left to right, then added, per group of five; the rest one by one. */
        static double dot(int n, double[] a, double[] b) {
            double s = 0.0;
            int i = 0;
            for (; i < n - 4; i += 5) {
                s += a[i] * b[i] + a[i + 1] * b[i + 1] + a[i + 2] * b[i + 2] + a[i + 3] * b[i + 3] + a[i + 4] * b[i + 4];
            }
            for (; i < n; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        /** daxpy: y += a x, nothing when a is 0. */
        static void axpy(int n, double a, double[] x, double[] y) {
            if (n > 0 && a != 0.0) {
                for (int i = 0; i < n; i++) {
                    y[i] += a * x[i];
                }
            }
        }

        /** dscal: x = a x. */
        static void scal(int n, double a, double[] x) {
            for (int i = 0; i < n; i++) {
                x[i] = a * x[i];
            }
        }
    }
}
