package org.spectrogan.features;

import java.util.concurrent.ConcurrentHashMap;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A real-input FFT of one size through JTransforms, with the plan built once per size and shared
 * ({@link #plan(int)}). JTransforms' plan is read-only after construction; each caller passes its own buffer.
 */
public final class RealFft {
    private static final ConcurrentHashMap<Integer, DoubleFFT_1D> PLANS = new ConcurrentHashMap<>();

    private final int n;
    private final DoubleFFT_1D fft;

    private RealFft(int n) {
        this.n = n;
        this.fft = PLANS.computeIfAbsent(n, DoubleFFT_1D::new);
    }

    /** The FFT of size {@code n} (plans are cached per size). */
    public static RealFft plan(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT size must be >= 1, got " + n);
        }
        return new RealFft(n);
    }

    public int size() {
        return n;
    }

    public int binCount() {
        return n / 2 + 1;
    }

    /** In place: {@code buf} (length n, real samples) becomes JTransforms' packed spectrum. */
    public void forward(double[] buf) {
        fft.realForward(buf);
    }

    /** Squared magnitude of bin k of a packed spectrum. */
    public double power(double[] packed, int k) {
        double re = real(packed, k);
        double im = imag(packed, k);
        return re * re + im * im;
    }

    /** Real part of bin k (0 <= k <= n/2) of a packed spectrum. */
    public double real(double[] packed, int k) {
        if (k == 0) {
            return packed[0];
        }
        if (n % 2 == 0) {
            return k == n / 2 ? packed[1] : packed[2 * k];
        }
        return k == (n - 1) / 2 ? packed[n - 1] : packed[2 * k];
    }

    /** Imaginary part of bin k (0 <= k <= n/2) of a packed spectrum. */
    public double imag(double[] packed, int k) {
        if (k == 0) {
            return 0.0;
        }
        if (n % 2 == 0) {
            return k == n / 2 ? 0.0 : packed[2 * k + 1];
        }
        return k == (n - 1) / 2 ? packed[1] : packed[2 * k + 1];
    }

    /** Squared magnitudes of all n/2+1 bins of a packed spectrum into {@code out}. */
    public void powers(double[] packed, double[] out) {
        int bins = binCount();
        out[0] = packed[0] * packed[0];
        if (n % 2 == 0) {
            for (int k = 1; k < n / 2; k++) {
                double re = packed[2 * k];
                double im = packed[2 * k + 1];
                out[k] = re * re + im * im;
            }
            if (n > 1) {
                out[n / 2] = packed[1] * packed[1];
            }
        } else {
            for (int k = 1; k < bins; k++) {
                double re = real(packed, k);
                double im = imag(packed, k);
                out[k] = re * re + im * im;
            }
        }
    }

    /**
     * Inverse of {@link #forward} from one-sided bins: {@code re[k], im[k]} for k = 0..n/2 go in, the real
     * signal (scaled by 1/n, so forward then inverse is the identity) comes out in {@code buf}.
     */
    public void inverse(double[] re, double[] im, double[] buf) {
        buf[0] = re[0];
        if (n % 2 == 0) {
            if (n > 1) {
                buf[1] = re[n / 2];
            }
            for (int k = 1; k < n / 2; k++) {
                buf[2 * k] = re[k];
                buf[2 * k + 1] = im[k];
            }
        } else {
            int last = (n - 1) / 2;
            for (int k = 1; k < last; k++) {
                buf[2 * k] = re[k];
                buf[2 * k + 1] = im[k];
            }
            if (last >= 1) {
                buf[n - 1] = re[last];
                buf[1] = im[last];
            }
        }
        fft.realInverse(buf, true);
    }

    /** The periodic Hann window of length n (scipy.signal.get_window("hann", n)). */
    public static double[] periodicHann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n);
        }
        return w;
    }
}
