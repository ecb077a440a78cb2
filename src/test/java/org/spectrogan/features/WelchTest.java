package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spectrogan.SharedData;

class WelchTest {

    /** The one-sided DFT power |sum x[n] e^{-2 pi i k n / N}|^2 computed naively. */
    static double[] naivePower(double[] x) {
        int n = x.length;
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k < p.length; k++) {
            double re = 0;
            double im = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                re += x[t] * Math.cos(a);
                im += x[t] * Math.sin(a);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    @Test
    void realFftMatchesNaiveDftForEvenOddAndPrimeSizes() {
        Random rnd = new Random(7);
        for (int n : new int[] {2, 3, 8, 15, 64, 97, 128, 160, 250}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextGaussian();
            }
            double[] expected = naivePower(x);
            RealFft fft = RealFft.plan(n);
            double[] buf = x.clone();
            fft.forward(buf);
            double[] got = new double[fft.binCount()];
            fft.powers(buf, got);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], got[k], 1e-9 * (1 + expected[k]), "n=" + n + " k=" + k);
                assertEquals(expected[k], fft.power(buf, k), 1e-9 * (1 + expected[k]), "n=" + n + " k=" + k);
            }
            // inverse(forward(x)) = x
            double[] re = new double[fft.binCount()];
            double[] im = new double[fft.binCount()];
            for (int k = 0; k < re.length; k++) {
                re[k] = fft.real(buf, k);
                im[k] = fft.imag(buf, k);
            }
            double[] back = new double[n];
            fft.inverse(re, im, back);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i], back[i], 1e-12, "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void welchMatchesNaiveDefinitionOnRandomSignals() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int nperseg = 4 + rnd.nextInt(200);
            int nfft = nperseg + (rnd.nextBoolean() ? 0 : rnd.nextInt(50));
            int length = nperseg + rnd.nextInt(3 * nperseg);
            double fs = 50 + rnd.nextInt(500);
            float[] x = new float[length + 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * 3 + 10);
            }
            Welch w = new Welch(nperseg, nfft, fs);
            double[] got = new double[w.binCount()];
            w.psd(x, 5, length, got, new double[w.binCount()]);
            // naive: segments every nperseg - nperseg/2, mean removed, periodic Hann, density, one-sided
            double[] win = new double[nperseg];
            double s2 = 0;
            for (int i = 0; i < nperseg; i++) {
                win[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nperseg);
                s2 += win[i] * win[i];
            }
            int step = nperseg - nperseg / 2;
            int segs = 1 + (length - nperseg) / step;
            double[] expected = new double[nfft / 2 + 1];
            for (int s = 0; s < segs; s++) {
                double mean = 0;
                for (int i = 0; i < nperseg; i++) {
                    mean += x[5 + s * step + i];
                }
                mean /= nperseg;
                double[] seg = new double[nfft];
                for (int i = 0; i < nperseg; i++) {
                    seg[i] = (x[5 + s * step + i] - mean) * win[i];
                }
                double[] p = naivePower(seg);
                for (int k = 0; k < p.length; k++) {
                    boolean edge = k == 0 || (nfft % 2 == 0 && k == nfft / 2);
                    expected[k] += p[k] / (fs * s2) * (edge ? 1 : 2) / segs;
                }
            }
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], got[k], 1e-9 * (1e-3 + Math.abs(expected[k])), "trial " + trial + " k=" + k);
            }
        }
    }

    /**
     * The transform on the file's values in double precision must match scipy to 1e-6 relative. (Through a
     * float32 Recording the eye-state values, about 4300 uV with a few uV of signal, lose digits: see
     * FeaturesReferenceTest for the bound there.)
     */
    @Test
    void firstEyeStateWindowMatchesScipyWelch() throws Exception {
        TestSignals.Csv ref = TestSignals.readCsv(SharedData.require("reference/eeg-eye-state-welch-first-window.csv"));
        TestSignals.Csv data = TestSignals.readCsv(SharedData.require("data/eeg-eye-state/eeg-eye-state.csv"));
        Welch w = new Welch(128, 128, 128.0);
        double[] psd = new double[w.binCount()];
        double worst = 0;
        for (int c = 1; c < ref.header().size(); c++) {
            String name = ref.header().get(c);
            int ch = data.column(name);
            assertTrue(ch >= 0, name);
            w.psd(data.col(ch), 0, 256, psd, new double[w.binCount()]);
            assertEquals(ref.rows().length, psd.length);
            for (int k = 0; k < psd.length; k++) {
                double e = ref.rows()[k][c];
                double rel = Math.abs(psd[k] - e) / Math.abs(e);
                worst = Math.max(worst, rel);
                assertEquals(e, psd[k], 1e-6 * Math.abs(e), name + " at " + ref.rows()[k][0] + " Hz");
            }
        }
        System.out.println("eye-state Welch first window: worst relative error " + worst);
    }

    @Test
    void segmentCountsAsScipy() {
        Welch w = new Welch(160, 160, 160);
        assertEquals(3, w.segmentCount(320));
        assertEquals(0, w.segmentCount(159));
        assertEquals(1, w.segmentCount(239));
        assertEquals(List.of(80), List.of(w.hopSamples()));
    }
}
