package org.spectrogan.gan;

/**
 * Per-feature z-score fitted on the training rows (population standard deviation). A constant column (standard
 * deviation 0) is kept constant: it normalises to 0 and every generated value of it is the training constant.
 */
record Normaliser(double[] mean, double[] std) {
    static Normaliser fit(double[][] x) {
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
                double c = row[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / x.length);
            if (!(std[j] > 1e-12 * Math.max(1.0, Math.abs(mean[j])))) {
                std[j] = 0;
            }
        }
        return new Normaliser(mean, std);
    }

    boolean isConstant(int j) {
        return std[j] == 0;
    }

    float normalise(int j, double value) {
        return isConstant(j) ? 0f : (float) ((value - mean[j]) / std[j]);
    }

    double denormalise(int j, double value) {
        return isConstant(j) ? mean[j] : mean[j] + value * std[j];
    }
}
