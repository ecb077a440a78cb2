package org.spectrogan.common;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/**
 * Within-class interpolation of real rows, the one place of it: SMOTE (Chawla et al. 2002) and mixup within a class
 * (Zhang et al. 2018). The {@code smote} and {@code mixup} augmenters and the GAN's interpolation anchors
 * ({@code gan.anchor: smote | mixup}) draw their rows here, so both sample the same distribution.
 */
public final class ClassInterpolation {
    /** SMOTE's default number of nearest same-class neighbours. */
    public static final int DEFAULT_NEIGHBOURS = 5;
    /** Mixup's default Beta(alpha, alpha) parameter. */
    public static final double DEFAULT_MIXUP_ALPHA = 0.4;

    private ClassInterpolation() {
    }

    /**
     * One SMOTE row of a class with rows {@code rows}: a row {@code x_a} drawn uniformly ({@code rnd.nextInt}),
     * one of its nearest neighbours {@code nearest.apply(a)} uniformly ({@code rnd.nextInt}), {@code u ~ U(0,1)}
     * ({@code rnd.nextDouble}), and {@code x_a + u (x_nn - x_a)}; with no neighbours (a class of one row) a copy of
     * {@code x_a}. Draws in that order.
     */
    public static double[] smote(double[][] rows, IntFunction<int[]> nearest, SplittableRandom rnd) {
        int a = rnd.nextInt(rows.length);
        int[] nn = nearest.apply(a);
        if (nn.length == 0) {
            return rows[a].clone();
        }
        double[] x = rows[a];
        double[] b = rows[nn[rnd.nextInt(nn.length)]];
        double u = rnd.nextDouble();
        double[] v = new double[b.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = x[j] + u * (b[j] - x[j]);
        }
        return v;
    }

    /**
     * One mixup row of a class with rows {@code rows}: two rows {@code x_i, x_j} drawn uniformly with replacement
     * ({@code rnd.nextInt} twice), then {@code l = weight.getAsDouble()} (Beta(alpha, alpha) in both users), and
     * {@code l x_i + (1 - l) x_j}.
     */
    public static double[] mixup(double[][] rows, SplittableRandom rnd, DoubleSupplier weight) {
        double[] a = rows[rnd.nextInt(rows.length)];
        double[] b = rows[rnd.nextInt(rows.length)];
        double l = weight.getAsDouble();
        double[] v = new double[a.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = l * a[j] + (1 - l) * b[j];
        }
        return v;
    }

    /**
     * Indices of the {@code k} rows of {@code x} nearest to row {@code q} (itself excluded; ties by lower index),
     * Euclidean after dividing column {@code j} by {@code scale[j]}; {@code k} is capped at {@code x.length - 1}.
     */
    public static int[] nearestNeighbours(double[][] x, int q, int k, double[] scale) {
        int count = Math.min(k, x.length - 1);
        Integer[] idx = new Integer[x.length - 1];
        double[] d = new double[x.length];
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            if (i == q) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < scale.length; j++) {
                double t = (x[i][j] - x[q][j]) / scale[j];
                s += t * t;
            }
            d[i] = s;
            idx[m++] = i;
        }
        Arrays.sort(idx, (u, v) -> d[u] != d[v] ? Double.compare(d[u], d[v]) : Integer.compare(u, v));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
