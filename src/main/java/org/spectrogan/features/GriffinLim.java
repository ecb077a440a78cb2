package org.spectrogan.features;

import java.util.Random;

/**
 * Griffin-Lim phase reconstruction (with the "fast" momentum of Perraudin et al., as librosa.griffinlim):
 * from a magnitude STFT (frames x bins, scipy scaling, see {@link Stft}) to a signal whose STFT magnitude is
 * close to it. {@link Result#spectralConvergence()} is {@code ||S - |STFT(x)|||_F / ||S||_F}.
 */
public final class GriffinLim {
    /** The signal and how well its STFT magnitude matches the target. */
    public record Result(double[] signal, double spectralConvergence) {
    }

    private GriffinLim() {
    }

    /**
     * Reconstructs a signal of {@code nperseg + (frames-1) * hop} samples from {@code magnitude[frame][bin]}.
     * Phases start random from {@code seed}; {@code momentum} 0.99 is librosa's default, 0 is classic GL.
     */
    public static Result reconstruct(double[][] magnitude, int npersegSamples, int nfftSamples, int hopSamples,
                                     int iterations, double momentum, long seed) {
        Stft stft = new Stft(npersegSamples, nfftSamples, hopSamples);
        int frames = magnitude.length;
        int bins = stft.binCount();
        for (double[] m : magnitude) {
            if (m.length != bins) {
                throw new IllegalArgumentException("frame has " + m.length + " bins, nfft " + nfftSamples + " gives " + bins);
            }
        }
        Random rnd = new Random(seed);
        double[][] phRe = new double[frames][bins];
        double[][] phIm = new double[frames][bins];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bins; k++) {
                double a = 2 * Math.PI * rnd.nextDouble();
                phRe[t][k] = Math.cos(a);
                phIm[t][k] = Math.sin(a);
            }
        }
        double[][] re = new double[frames][bins];
        double[][] im = new double[frames][bins];
        double[][] prevRe = new double[frames][bins];
        double[][] prevIm = new double[frames][bins];
        double[] fr = new double[bins];
        double[] fi = new double[bins];
        double beta = momentum / (1 + momentum);
        double[] signal = new double[0];
        for (int it = 0; it < iterations; it++) {
            signal = inverseWithPhase(stft, magnitude, phRe, phIm, re, im);
            for (int t = 0; t < frames; t++) {
                stft.complex(signal, t * hopSamples, fr, fi);
                for (int k = 0; k < bins; k++) {
                    double ar = fr[k] - beta * prevRe[t][k];
                    double ai = fi[k] - beta * prevIm[t][k];
                    double mag = Math.hypot(ar, ai);
                    if (mag > 1e-16) {
                        phRe[t][k] = ar / mag;
                        phIm[t][k] = ai / mag;
                    }
                    prevRe[t][k] = fr[k];
                    prevIm[t][k] = fi[k];
                }
            }
        }
        signal = inverseWithPhase(stft, magnitude, phRe, phIm, re, im);
        return new Result(signal, spectralConvergence(magnitude, signal, stft));
    }

    /** The inverse STFT of {@code magnitude} with unit phases {@code (phRe, phIm)}, built in {@code re, im}. */
    private static double[] inverseWithPhase(Stft stft, double[][] magnitude, double[][] phRe, double[][] phIm,
                                             double[][] re, double[][] im) {
        for (int t = 0; t < magnitude.length; t++) {
            for (int k = 0; k < magnitude[t].length; k++) {
                re[t][k] = magnitude[t][k] * phRe[t][k];
                im[t][k] = magnitude[t][k] * phIm[t][k];
            }
        }
        return stft.inverse(re, im);
    }

    /** ||S - |STFT(x)|||_F / ||S||_F over the frames of S. */
    public static double spectralConvergence(double[][] magnitude, double[] signal, Stft stft) {
        double num = 0;
        double den = 0;
        double[] m = new double[stft.binCount()];
        for (int t = 0; t < magnitude.length; t++) {
            stft.magnitude(signal, t * stft.hopSamples(), m);
            for (int k = 0; k < m.length; k++) {
                double d = magnitude[t][k] - m[k];
                num += d * d;
                den += magnitude[t][k] * magnitude[t][k];
            }
        }
        return den == 0 ? 0 : Math.sqrt(num / den);
    }
}
