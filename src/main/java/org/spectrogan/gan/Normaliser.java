package org.spectrogan.gan;

import org.spectrogan.common.ZScore;

/**
 * The GAN's view of {@link ZScore} with the {@link ZScore.ConstantColumns#PIN} rule: a constant column normalises
 * to 0 and every generated value of it is the training constant; the checkpoint stores mean and std (0 for a
 * constant column).
 */
record Normaliser(ZScore z) {
    Normaliser(double[] mean, double[] std) {
        this(ZScore.of(mean, std, ZScore.ConstantColumns.PIN));
    }

    static Normaliser fit(double[][] x) {
        return new Normaliser(ZScore.fit(x, ZScore.ConstantColumns.PIN));
    }

    double[] mean() {
        return z.mean();
    }

    double[] std() {
        return z.std();
    }

    boolean isConstant(int j) {
        return z.isConstant(j);
    }

    float normalise(int j, double value) {
        return (float) z.apply(j, value);
    }

    double denormalise(int j, double value) {
        return z.invert(j, value);
    }
}
