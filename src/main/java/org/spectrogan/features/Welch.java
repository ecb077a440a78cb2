package org.spectrogan.features;

/**
 * Welch's power spectral density exactly as {@code scipy.signal.welch(x, fs, window="hann", nperseg,
 * noverlap=nperseg//2, nfft, detrend="constant", scaling="density", average="mean")}: periodic Hann window,
 * mean removed per segment, one-sided density (V^2/Hz) with every bin but DC and Nyquist doubled.
 * One instance holds its buffers and is not thread-safe; the FFT plan is shared per size. Nothing is
 * allocated per call.
 */
public final class Welch {
    private final int nperseg;
    private final int hop;
    private final RealFft fft;
    private final double[] window;
    private final double[] buf;
    private final double[] pow;
    private final double scale;
    private final int bins;
    private final boolean evenNfft;

    public Welch(int npersegSamples, int nfftSamples, double sampleRateHz) {
        if (npersegSamples < 2 || nfftSamples < npersegSamples) {
            throw new IllegalArgumentException("need 2 <= nperseg <= nfft, got " + npersegSamples + ", " + nfftSamples);
        }
        this.nperseg = npersegSamples;
        this.hop = npersegSamples - npersegSamples / 2;
        this.fft = RealFft.plan(nfftSamples);
        this.window = RealFft.periodicHann(npersegSamples);
        this.buf = new double[nfftSamples];
        this.pow = new double[fft.binCount()];
        double s2 = 0;
        for (double w : window) {
            s2 += w * w;
        }
        this.scale = 1.0 / (sampleRateHz * s2);
        this.bins = fft.binCount();
        this.evenNfft = nfftSamples % 2 == 0;
    }

    public int binCount() {
        return bins;
    }

    public int npersegSamples() {
        return nperseg;
    }

    /** Samples between segment starts (nperseg - nperseg/2). */
    public int hopSamples() {
        return hop;
    }

    /** Number of segments Welch uses in {@code lengthSamples}: 1 + (length - nperseg) / hop. */
    public int segmentCount(int lengthSamples) {
        return Frames.count(lengthSamples, nperseg, hop);
    }

    /**
     * The scaled one-sided periodogram of the segment {@code x[start, start + nperseg)} into {@code out}
     * (length {@link #binCount()}). The mean of these over a window's segments is its Welch PSD.
     */
    public void periodogram(float[] x, int start, double[] out) {
        for (int i = 0; i < nperseg; i++) {
            buf[i] = x[start + i];
        }
        transform(out);
    }

    /** As {@link #periodogram(float[], int, double[])} for double samples. */
    public void periodogram(double[] x, int start, double[] out) {
        System.arraycopy(x, start, buf, 0, nperseg);
        transform(out);
    }

    /** The periodogram of the segment copied into {@code buf[0, nperseg)}: mean removed, windowed, zero-padded. */
    private void transform(double[] out) {
        double mean = 0;
        for (int i = 0; i < nperseg; i++) {
            mean += buf[i];
        }
        mean /= nperseg;
        for (int i = 0; i < nperseg; i++) {
            buf[i] = (buf[i] - mean) * window[i];
        }
        for (int i = nperseg; i < buf.length; i++) {
            buf[i] = 0.0;
        }
        fft.forward(buf);
        fft.powers(buf, pow);
        int last = evenNfft ? bins - 1 : bins;
        out[0] = pow[0] * scale;
        for (int k = 1; k < last; k++) {
            out[k] = pow[k] * scale * 2.0;
        }
        if (evenNfft && bins > 1) {
            out[bins - 1] = pow[bins - 1] * scale;
        }
    }

    /**
     * The Welch PSD of {@code x[start, start + lengthSamples)} into {@code out} (length {@link #binCount()});
     * {@code scratch} must have the same length.
     */
    public void psd(float[] x, int start, int lengthSamples, double[] out, double[] scratch) {
        average(lengthSamples, out, scratch, segmentStart -> periodogram(x, start + segmentStart, scratch));
    }

    /** As {@link #psd(float[], int, int, double[], double[])} for double samples. */
    public void psd(double[] x, int start, int lengthSamples, double[] out, double[] scratch) {
        average(lengthSamples, out, scratch, segmentStart -> periodogram(x, start + segmentStart, scratch));
    }

    /** Averages the periodograms that {@code periodogramAt} writes into {@code scratch}, one per segment. */
    private void average(int lengthSamples, double[] out, double[] scratch, java.util.function.IntConsumer periodogramAt) {
        int segments = segmentCount(lengthSamples);
        if (segments == 0) {
            throw new IllegalArgumentException("window of " + lengthSamples + " samples is shorter than nperseg " + nperseg);
        }
        java.util.Arrays.fill(out, 0.0);
        for (int s = 0; s < segments; s++) {
            periodogramAt.accept(s * hop);
            for (int k = 0; k < bins; k++) {
                out[k] += scratch[k];
            }
        }
        for (int k = 0; k < bins; k++) {
            out[k] /= segments;
        }
    }
}
