package org.spectrogan.features;

import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.FastYin;

/**
 * f0 tracking with YIN through TarsosDSP (its FFT-based FastYin, the same estimator computed faster): frames of {@code frameSamples} every {@code hopSamples}; a frame
 * YIN finds no pitch in (or one outside [fminHz, fmaxHz]) is unvoiced (f0 = 0). Frame times are centres.
 */
public final class PitchTracker {
    /**
     * f0 per frame in Hz (0 = unvoiced) and each frame's centre time in seconds, increasing; frames are
     * {@code hopSeconds} apart except across the gaps of a discontinuous recording.
     */
    public record Track(double[] timesSeconds, double[] f0Hz, double hopSeconds) {
        /**
         * f0 at the frame whose centre is nearest to {@code seconds}; 0 when no frame centre lies within half a hop
         * (outside the track, or in a gap between pieces).
         */
        public double at(double seconds) {
            int i = java.util.Arrays.binarySearch(timesSeconds, seconds);
            if (i < 0) {
                int above = -i - 1;
                if (above == timesSeconds.length
                        || above > 0 && seconds - timesSeconds[above - 1] <= timesSeconds[above] - seconds) {
                    i = above - 1;
                } else {
                    i = above;
                }
            }
            if (i < 0 || Math.abs(timesSeconds[i] - seconds) > hopSeconds / 2 * (1 + 1e-9)) {
                return 0;
            }
            return f0Hz[i];
        }
    }

    private PitchTracker() {
    }

    /** YIN with TarsosDSP's default threshold (0.20). */
    public static Track track(float[] x, double sampleRateHz, int frameSamples, int hopSamples, double fminHz, double fmaxHz) {
        return track(x, sampleRateHz, frameSamples, hopSamples, fminHz, fmaxHz, 0.20);
    }

    public static Track track(float[] x, double sampleRateHz, int frameSamples, int hopSamples, double fminHz,
                              double fmaxHz, double threshold) {
        if (frameSamples < 4 || hopSamples < 1) {
            throw new IllegalArgumentException("need frame >= 4 and hop >= 1 samples");
        }
        FastYin yin = new FastYin((float) sampleRateHz, frameSamples, threshold);
        int frames = Frames.count(x.length, frameSamples, hopSamples);
        double[] t = new double[frames];
        double[] f0 = new double[frames];
        float[] buf = new float[frameSamples];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(x, i * hopSamples, buf, 0, frameSamples);
            PitchDetectionResult r = yin.getPitch(buf);
            double p = r.getPitch();
            f0[i] = r.isPitched() && p >= fminHz && p <= fmaxHz ? p : 0.0;
            t[i] = (i * hopSamples + frameSamples / 2.0) / sampleRateHz;
        }
        return new Track(t, f0, hopSamples / sampleRateHz);
    }

    /**
     * Tracks a discontinuous recording piece by piece: piece k holds samples {@code [pieceStartSamples[k],
     * pieceStartSamples[k + 1])} (the last runs to the end) and starts at {@code pieceStartSeconds[k]}. No frame
     * straddles a gap; frame times are on the recording's true time axis; a piece shorter than a frame gives no
     * frames.
     */
    public static Track track(float[] x, double sampleRateHz, int frameSamples, int hopSamples, double fminHz,
                              double fmaxHz, int[] pieceStartSamples, double[] pieceStartSeconds) {
        if (pieceStartSamples.length != pieceStartSeconds.length || pieceStartSamples.length == 0) {
            throw new IllegalArgumentException("need one start time per piece, got " + pieceStartSamples.length
                    + " pieces and " + pieceStartSeconds.length + " times");
        }
        java.util.List<Track> parts = new java.util.ArrayList<>();
        int frames = 0;
        for (int k = 0; k < pieceStartSamples.length; k++) {
            int from = pieceStartSamples[k];
            int to = k + 1 < pieceStartSamples.length ? pieceStartSamples[k + 1] : x.length;
            if (to - from < frameSamples) {
                continue;
            }
            Track part = track(java.util.Arrays.copyOfRange(x, from, to), sampleRateHz, frameSamples, hopSamples,
                    fminHz, fmaxHz);
            for (int i = 0; i < part.timesSeconds().length; i++) {
                part.timesSeconds()[i] += pieceStartSeconds[k];
            }
            parts.add(part);
            frames += part.f0Hz().length;
        }
        double[] t = new double[frames];
        double[] f0 = new double[frames];
        int at = 0;
        for (Track part : parts) {
            System.arraycopy(part.timesSeconds(), 0, t, at, part.f0Hz().length);
            System.arraycopy(part.f0Hz(), 0, f0, at, part.f0Hz().length);
            at += part.f0Hz().length;
        }
        return new Track(t, f0, hopSamples / sampleRateHz);
    }

    /**
     * How a track agrees with a reference f0 annotation: the median absolute cents error over the frames voiced
     * in both, the share of voiced reference frames the track also finds voiced, and how many frames were
     * compared.
     */
    public record Agreement(double medianCentsError, double voicedRecall, int framesCompared, int voicedReferenceFrames) {
    }

    /**
     * Compares {@code track} with reference frames ({@code referenceTimesSeconds}, {@code referenceF0Hz}; f0 &lt;= 0
     * means unvoiced), each reference frame against the track frame whose centre is nearest.
     */
    public static Agreement compare(Track track, double[] referenceTimesSeconds, double[] referenceF0Hz) {
        if (referenceTimesSeconds.length != referenceF0Hz.length) {
            throw new IllegalArgumentException(referenceTimesSeconds.length + " reference times but "
                    + referenceF0Hz.length + " f0 values");
        }
        double[] errors = new double[referenceF0Hz.length];
        int n = 0;
        int voiced = 0;
        for (int i = 0; i < referenceF0Hz.length; i++) {
            if (!(referenceF0Hz[i] > 0)) {
                continue;
            }
            voiced++;
            double est = track.at(referenceTimesSeconds[i]);
            if (est > 0) {
                errors[n++] = centsError(est, referenceF0Hz[i]);
            }
        }
        java.util.Arrays.sort(errors, 0, n);
        double median = n == 0 ? Double.NaN : errors[n / 2];
        return new Agreement(median, voiced == 0 ? Double.NaN : (double) n / voiced, n, voiced);
    }

    /** |1200 log2(estimate / reference)| in cents. */
    public static double centsError(double estimateHz, double referenceHz) {
        return Math.abs(1200.0 * Math.log(estimateHz / referenceHz) / Math.log(2.0));
    }
}
