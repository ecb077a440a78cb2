package org.spectrogan.features;

/**
 * Triangular mel filters over the one-sided FFT bins, as {@code librosa.filters.mel(sr, n_fft, n_mels, fmin,
 * fmax, htk, norm="slaney")}: Slaney (default) or HTK mel scale, each triangle scaled by 2 / (its width in Hz)
 * so that it has unit area. Also the Moore-Penrose pseudo-inverse used to go from mel power back to a linear
 * power spectrum.
 */
public final class MelFilterbank {
    private final double[][] weights;
    private final int bins;
    private double[][] pinv;

    public MelFilterbank(double sampleRateHz, int nfftSamples, int nMels, double fminHz, double fmaxHz, MelScale scale) {
        this.bins = nfftSamples / 2 + 1;
        this.weights = new double[nMels][bins];
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (1.0 / (nfftSamples * (1.0 / sampleRateHz)));
        }
        double minMel = scale.hzToMel(fminHz);
        double maxMel = scale.hzToMel(fmaxHz);
        double[] melF = new double[nMels + 2];
        for (int i = 0; i < melF.length; i++) {
            melF[i] = scale.melToHz(minMel + (maxMel - minMel) * i / (nMels + 1));
        }
        for (int i = 0; i < nMels; i++) {
            double lowerWidth = melF[i + 1] - melF[i];
            double upperWidth = melF[i + 2] - melF[i + 1];
            double enorm = 2.0 / (melF[i + 2] - melF[i]);
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - melF[i]) / lowerWidth;
                double upper = (melF[i + 2] - fftFreqs[k]) / upperWidth;
                weights[i][k] = Math.max(0.0, Math.min(lower, upper)) * enorm;
            }
        }
    }

    public int melCount() {
        return weights.length;
    }

    public int binCount() {
        return bins;
    }

    /** The weights, mels x bins (shared; do not modify). */
    public double[][] weights() {
        return weights;
    }

    /** mel[m] = sum_k weights[m][k] * power[k]. */
    public void apply(double[] power, double[] mel) {
        for (int m = 0; m < weights.length; m++) {
            double[] w = weights[m];
            double s = 0;
            for (int k = 0; k < bins; k++) {
                s += w[k] * power[k];
            }
            mel[m] = s;
        }
    }

    /** power[k] = max(0, sum_m pinv[k][m] * mel[m]): a linear power spectrum whose mel projection is closest to mel. */
    public void invert(double[] mel, double[] power) {
        double[][] p = pseudoInverse();
        for (int k = 0; k < bins; k++) {
            double s = 0;
            double[] row = p[k];
            for (int m = 0; m < row.length; m++) {
                s += row[m] * mel[m];
            }
            power[k] = Math.max(0.0, s);
        }
    }

    /** The pseudo-inverse, bins x mels: W^T (W W^T + eps I)^-1 with a tiny ridge for numerical safety. */
    public synchronized double[][] pseudoInverse() {
        if (pinv == null) {
            int m = weights.length;
            double[][] g = new double[m][m];
            double trace = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int k = 0; k < bins; k++) {
                        s += weights[i][k] * weights[j][k];
                    }
                    g[i][j] = s;
                }
                trace += g[i][i];
            }
            double ridge = 1e-10 * trace / Math.max(1, m);
            for (int i = 0; i < m; i++) {
                g[i][i] += ridge;
            }
            double[][] gi = LinearAlgebra.inverseSymmetric(g);
            double[][] out = new double[bins][m];
            for (int k = 0; k < bins; k++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int i = 0; i < m; i++) {
                        s += weights[i][k] * gi[i][j];
                    }
                    out[k][j] = s;
                }
            }
            pinv = out;
        }
        return pinv;
    }
}
