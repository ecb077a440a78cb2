package org.spectrogan.evaluate;

import java.util.Arrays;

/**
 * liblinear-java 2.44's primal solver for the L2-regularised linear classifiers, on dense rows (each row's values
 * with the bias value 1 last, as {@link LibLinearProblem} builds them): {@link Newton} (Newton steps from
 * preconditioned conjugate gradients and a backtracking line search) over {@link LogisticLoss} (L2R_LR) or
 * {@link SquaredHingeLoss} (L2R_L2LOSS_SVC), with every sum in the library's order, the BLAS routines' unrolling
 * included ({@link Blas}), so the same rows give the same weights bit for bit.
 */
final class LibLinearNewton {
    private LibLinearNewton() {
    }

    /** Every row's cost C, as liblinear's {@code train_one} sets them (Cp = Cn = {@code cost}). */
    static double[] costs(int rows, double cost) {
        double[] c = new double[rows];
        Arrays.fill(c, cost);
        return c;
    }

    /**
     * liblinear's {@code train_one} tolerance of its primal solvers: {@code eps x max(min(positives, negatives), 1) /
     * rows}, positives the rows with sign +1.
     */
    static double primalTolerance(double eps, double[] signs) {
        int pos = 0;
        for (double s : signs) {
            if (s > 0) {
                pos++;
            }
        }
        int neg = signs.length - pos;
        return eps * Math.max(Math.min(pos, neg), 1) / signs.length;
    }

    /**
     * liblinear's {@code L2R_ErmFunction} (the bias regularised): the objective w'w/2 + sum C_i loss(y_i w'x_i), its
     * value and line search over dense rows; the loss, gradient, Hessian-vector product and diagonal preconditioner
     * come from the subclass.
     */
    abstract static class ErmLoss {
        final double[][] x;
        final double[] y;
        final double[] c;
        final int n;
        final double[] wx;
        final double[] tmp;
        private double wTw;

        ErmLoss(double[][] x, double[] y, double[] c, int n) {
            this.x = x;
            this.y = y;
            this.c = c;
            this.n = n;
            this.wx = new double[x.length];
            this.tmp = new double[x.length];
        }

        abstract double cTimesLoss(int i, double wxi);

        abstract void grad(double[] w, double[] g);

        abstract void diagPreconditioner(double[] m);

        abstract void hv(double[] s, double[] hs);

        int variables() {
            return n;
        }

        static double dot(double[] s, double[] xi) {
            double ret = 0;
            for (int j = 0; j < xi.length; j++) {
                ret += s[j] * xi[j];
            }
            return ret;
        }

        static void axpy(double a, double[] xi, double[] out) {
            for (int j = 0; j < xi.length; j++) {
                out[j] += a * xi[j];
            }
        }

        private void xv(double[] v, double[] out) {
            for (int i = 0; i < x.length; i++) {
                out[i] = dot(v, x[i]);
            }
        }

        void xTv(double[] v, double[] out) {
            for (int j = 0; j < n; j++) {
                out[j] = 0;
            }
            for (int i = 0; i < x.length; i++) {
                axpy(v[i], x[i], out);
            }
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

    /** liblinear's {@code L2R_LrFunction}: the logistic loss log(1 + exp(-y w'x)). */
    static final class LogisticLoss extends ErmLoss {
        private final double[] d;

        LogisticLoss(double[][] x, double[] y, double[] c, int n) {
            super(x, y, c, n);
            this.d = new double[x.length];
        }

        @Override
        double cTimesLoss(int i, double wxi) {
            double ywx = wxi * y[i];
            if (ywx >= 0) {
                return c[i] * Math.log(1 + Math.exp(-ywx));
            }
            return c[i] * (-ywx + Math.log(1 + Math.exp(ywx)));
        }

        @Override
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

        @Override
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

        @Override
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
    }

    /** liblinear's {@code L2R_L2_SvcFunction}: the squared hinge loss max(0, 1 - y w'x)^2 over the rows with y w'x < 1. */
    static final class SquaredHingeLoss extends ErmLoss {
        private final int[] active;
        private int activeSize;

        SquaredHingeLoss(double[][] x, double[] y, double[] c, int n) {
            super(x, y, c, n);
            this.active = new int[x.length];
        }

        @Override
        double cTimesLoss(int i, double wxi) {
            double d = 1 - y[i] * wxi;
            if (d > 0) {
                return c[i] * d * d;
            }
            return 0;
        }

        @Override
        void grad(double[] w, double[] g) {
            activeSize = 0;
            for (int i = 0; i < x.length; i++) {
                tmp[i] = wx[i] * y[i];
                if (tmp[i] < 1) {
                    tmp[activeSize] = c[i] * y[i] * (tmp[i] - 1);
                    active[activeSize] = i;
                    activeSize++;
                }
            }
            for (int j = 0; j < n; j++) {
                g[j] = 0;
            }
            for (int i = 0; i < activeSize; i++) {
                axpy(tmp[i], x[active[i]], g);
            }
            for (int j = 0; j < n; j++) {
                g[j] = w[j] + 2 * g[j];
            }
        }

        @Override
        void diagPreconditioner(double[] m) {
            for (int j = 0; j < n; j++) {
                m[j] = 1;
            }
            for (int i = 0; i < activeSize; i++) {
                int idx = active[i];
                double[] xi = x[idx];
                for (int j = 0; j < xi.length; j++) {
                    m[j] += xi[j] * xi[j] * c[idx] * 2;
                }
            }
        }

        @Override
        void hv(double[] s, double[] hs) {
            for (int j = 0; j < n; j++) {
                hs[j] = 0;
            }
            for (int i = 0; i < activeSize; i++) {
                double[] xi = x[active[i]];
                double xTs = dot(s, xi);
                xTs = c[active[i]] * xTs;
                axpy(xTs, xi, hs);
            }
            for (int j = 0; j < n; j++) {
                hs[j] = s[j] + 2 * hs[j];
            }
        }
    }

    /** liblinear's {@code Newton} (2.44): Newton steps from preconditioned CG, stopped on the gradient norm. */
    static final class Newton {
        private final ErmLoss fun;
        private final double eps;
        private final int maxIterations;
        private static final double EPS_CG = 0.5;

        Newton(ErmLoss fun, double eps, int maxIterations) {
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
