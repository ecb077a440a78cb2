package org.spectrogan.features;

/**
 * Short-time Fourier transform with a periodic Hann window as {@code scipy.signal.stft(x, fs, window="hann",
 * nperseg, noverlap=nperseg-hop, nfft, detrend=False, boundary=None, padded=False)}: frame t covers
 * {@code x[t*hop, t*hop + nperseg)}, bins are scaled by 1 / sum(window). Also the inverse by weighted
 * overlap-add (least squares, as {@code librosa.istft}) used by Griffin-Lim. Not thread-safe (buffers).
 */
public final class Stft {
    private final int nperseg;
    private final int hop;
    private final RealFft fft;
    private final double[] window;
    private final double windowSum;
    private final double[] buf;
    private final double[] imScratch;

    /**
     * Share of the largest summed squared window below which {@link #inverse} divides by this floor instead.
     * With a Hann window and hop nperseg/4 the interior sum is constant (1.5), so only the outer samples of the
     * first and last frame, where the window is below about 0.39, are affected.
     */
    public static final double WINDOW_SUM_FLOOR = 0.1;

    public Stft(int npersegSamples, int nfftSamples, int hopSamples) {
        if (npersegSamples < 2 || nfftSamples < npersegSamples || hopSamples < 1) {
            throw new IllegalArgumentException("need 2 <= nperseg <= nfft and hop >= 1");
        }
        this.nperseg = npersegSamples;
        this.hop = hopSamples;
        this.fft = RealFft.plan(nfftSamples);
        this.window = RealFft.periodicHann(npersegSamples);
        double s = 0;
        for (double w : window) {
            s += w;
        }
        this.windowSum = s;
        this.buf = new double[nfftSamples];
        this.imScratch = new double[fft.binCount()];
    }

    public int binCount() {
        return fft.binCount();
    }

    public int hopSamples() {
        return hop;
    }

    public int npersegSamples() {
        return nperseg;
    }

    /** Frames scipy makes of n samples with boundary=None, padded=False. */
    public int frameCount(int lengthSamples) {
        return Frames.count(lengthSamples, nperseg, hop);
    }

    /** |X| / sum(window) of the frame starting at {@code start} into {@code out} (binCount values). */
    public void magnitude(float[] x, int start, double[] out) {
        for (int i = 0; i < nperseg; i++) {
            buf[i] = x[start + i] * window[i];
        }
        java.util.Arrays.fill(buf, nperseg, buf.length, 0.0);
        fft.forward(buf);
        fft.powers(buf, out);
        for (int k = 0; k < out.length && k < fft.binCount(); k++) {
            out[k] = Math.sqrt(out[k]) / windowSum;
        }
    }

    /** Same for a double signal (samples beyond its end count as 0). */
    public void magnitude(double[] x, int start, double[] out) {
        complex(x, start, out, imScratch);
        for (int k = 0; k < imScratch.length; k++) {
            out[k] = Math.hypot(out[k], imScratch[k]);
        }
    }

    /** Scaled complex spectrum of the frame at {@code start}: real parts into re, imaginary parts into im. */
    public void complex(double[] x, int start, double[] re, double[] im) {
        for (int i = 0; i < nperseg; i++) {
            int j = start + i;
            buf[i] = j < x.length ? x[j] * window[i] : 0.0;
        }
        java.util.Arrays.fill(buf, nperseg, buf.length, 0.0);
        fft.forward(buf);
        int bins = fft.binCount();
        for (int k = 0; k < bins; k++) {
            re[k] = fft.real(buf, k) / windowSum;
            im[k] = fft.imag(buf, k) / windowSum;
        }
    }

    /**
     * Inverse STFT of frames given as scaled one-sided spectra ({@code re[t][k], im[t][k]}) by windowed
     * overlap-add divided by the summed squared window (least squares) where it is at least
     * {@link #WINDOW_SUM_FLOOR} of its largest value, by that floor at the two edges (a fade instead of a spike).
     */
    public double[] inverse(double[][] re, double[][] im) {
        int frames = re.length;
        int n = frames == 0 ? 0 : nperseg + (frames - 1) * hop;
        double[] y = new double[n];
        double[] norm = new double[n];
        double[] fr = new double[buf.length];
        double[] reS = new double[fft.binCount()];
        double[] imS = new double[fft.binCount()];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < reS.length; k++) {
                reS[k] = re[t][k] * windowSum;
                imS[k] = im[t][k] * windowSum;
            }
            fft.inverse(reS, imS, fr);
            int off = t * hop;
            for (int i = 0; i < nperseg; i++) {
                y[off + i] += fr[i] * window[i];
                norm[off + i] += window[i] * window[i];
            }
        }
        // The summed squared window falls to 0 at both ends (one Hann frame covers the first and last hop): dividing
        // by it there turns tiny numerical residue into spikes. Below a floor of WINDOW_SUM_FLOOR x its largest
        // value the floor is used instead, so the edges fade in and out; inside, the division is exact.
        double floor = 0;
        for (double v : norm) {
            floor = Math.max(floor, v);
        }
        floor *= WINDOW_SUM_FLOOR;
        for (int i = 0; i < n; i++) {
            y[i] = floor > 0 ? y[i] / Math.max(norm[i], floor) : 0.0;
        }
        return y;
    }
}
