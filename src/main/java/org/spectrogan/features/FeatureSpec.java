package org.spectrogan.features;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * How recordings become feature rows. Validated on construction (rate-independent checks) and again by
 * {@link #resolve(double)} once the sample rate is known (nperseg against the window, bands against Nyquist).
 * A zero (or null) means "the default", listed per component:
 *
 * <ul>
 *   <li>{@code kind}: required, see {@link FeatureKind}.</li>
 *   <li>{@code windowSeconds}, {@code stepSeconds}: windows cut from each recording. EEG kinds need both.
 *       Audio kinds: a window holds {@code patchFrames} STFT frames; give either the window or the patch size
 *       (default 1 frame); the step defaults to the patch length (no overlap between examples).</li>
 *   <li>{@code npersegSamples}: Welch / STFT segment length. EEG default: one second of samples (at most the
 *       window). Audio default: the power of two nearest to 32 ms.</li>
 *   <li>{@code nfftSamples}: FFT length (zero-padding), default npersegSamples.</li>
 *   <li>{@code hopSamples}: STFT hop (audio), default npersegSamples / 4. Welch always uses 50% overlap.</li>
 *   <li>{@code bands}: for de / bandpower, default {@link Band#DEFAULTS}.</li>
 *   <li>{@code nMels} (default 64), {@code fminHz} (0), {@code fmaxHz} (Nyquist), {@code melScale} (slaney,
 *       with Slaney area normalisation as librosa), {@code nMfcc} (20). For psd, fminHz/fmaxHz limit the
 *       columns to bins with {@code fmin <= f <= fmax}.</li>
 *   <li>{@code channels}: channel names to use (empty = all); audio kinds mix the chosen channels to mono.</li>
 *   <li>{@code labelPolicy}: inside (default) or majority.</li>
 *   <li>{@code padShort}: zero-pad a recording shorter than one window to one window (useful for short audio
 *       clips such as spoken digits) instead of skipping it. The padding carries no label: the window is
 *       labelled from its real samples, so a padded clip keeps its label under either label policy.</li>
 * </ul>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FeatureSpec(FeatureKind kind, double windowSeconds, double stepSeconds, int npersegSamples,
                          int nfftSamples, int hopSamples, List<Band> bands, int nMels, double fminHz,
                          double fmaxHz, MelScale melScale, int nMfcc, int patchFrames, List<String> channels,
                          LabelPolicy labelPolicy, boolean padShort) {

    public static final int DEFAULT_N_MELS = 64;
    public static final int DEFAULT_N_MFCC = 20;

    public FeatureSpec {
        if (kind == null) {
            throw new SpectroganException("feature kind is missing (de, psd, bandpower, stft, logmel or mfcc)");
        }
        bands = bands == null || bands.isEmpty() ? Band.DEFAULTS : List.copyOf(bands);
        channels = channels == null ? List.of() : List.copyOf(channels);
        melScale = melScale == null ? MelScale.SLANEY : melScale;
        labelPolicy = labelPolicy == null ? LabelPolicy.INSIDE : labelPolicy;
        nonNegative("window", windowSeconds, "s");
        nonNegative("step", stepSeconds, "s");
        nonNegative("fmin", fminHz, "Hz");
        nonNegative("fmax", fmaxHz, "Hz");
        nonNegative("nperseg", npersegSamples, "samples");
        nonNegative("nfft", nfftSamples, "samples");
        nonNegative("hop", hopSamples, "samples");
        nonNegative("n-mels", nMels, "mel bands");
        nonNegative("n-mfcc", nMfcc, "coefficients");
        nonNegative("patch-frames", patchFrames, "frames");
        if (!kind.isAudio()) {
            if (windowSeconds == 0) {
                throw new SpectroganException("window length is missing: give --window-s in seconds for " + kind.id());
            }
            if (stepSeconds == 0) {
                throw new SpectroganException("window step is missing: give --step-s in seconds for " + kind.id());
            }
        }
        if (nfftSamples > 0 && npersegSamples > 0 && nfftSamples < npersegSamples) {
            throw new SpectroganException("nfft " + nfftSamples + " samples is shorter than nperseg "
                    + npersegSamples + " samples");
        }
        if (fmaxHz > 0 && fmaxHz <= fminHz) {
            throw new SpectroganException("fmax " + fmaxHz + " Hz must be above fmin " + fminHz + " Hz");
        }
        if (nMfcc > 0 && nMfcc > (nMels == 0 ? DEFAULT_N_MELS : nMels)) {
            throw new SpectroganException("n-mfcc " + nMfcc + " coefficients is more than the "
                    + (nMels == 0 ? DEFAULT_N_MELS : nMels) + " mel bands");
        }
    }

    private static void nonNegative(String what, double v, String unit) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new SpectroganException(what + " must be a finite number of " + unit + " >= 0, got " + v);
        }
    }

    /** A builder: {@code FeatureSpec.builder().setKind(DE).setWindowSeconds(2).setStepSeconds(1).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** This spec as a builder, to change a few values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind;
        b.windowSeconds = windowSeconds;
        b.stepSeconds = stepSeconds;
        b.npersegSamples = npersegSamples;
        b.nfftSamples = nfftSamples;
        b.hopSamples = hopSamples;
        b.bands = bands;
        b.nMels = nMels;
        b.fminHz = fminHz;
        b.fmaxHz = fmaxHz;
        b.melScale = melScale;
        b.nMfcc = nMfcc;
        b.patchFrames = patchFrames;
        b.channels = channels;
        b.labelPolicy = labelPolicy;
        b.padShort = padShort;
        return b;
    }

    /** The concrete sample counts and frequencies at {@code sampleRateHz}; throws naming value and unit. */
    public Resolved resolve(double sampleRateHz) {
        return Resolved.of(this, sampleRateHz);
    }

    /** Builder with setX for required and optX for optional values. */
    public static final class Builder {
        private FeatureKind kind;
        private double windowSeconds;
        private double stepSeconds;
        private int npersegSamples;
        private int nfftSamples;
        private int hopSamples;
        private List<Band> bands;
        private int nMels;
        private double fminHz;
        private double fmaxHz;
        private MelScale melScale;
        private int nMfcc;
        private int patchFrames;
        private List<String> channels;
        private LabelPolicy labelPolicy;
        private boolean padShort;

        public Builder setKind(FeatureKind v) {
            kind = v;
            return this;
        }

        public Builder setWindowSeconds(double v) {
            windowSeconds = v;
            return this;
        }

        public Builder setStepSeconds(double v) {
            stepSeconds = v;
            return this;
        }

        public Builder optNpersegSamples(int v) {
            npersegSamples = v;
            return this;
        }

        public Builder optNfftSamples(int v) {
            nfftSamples = v;
            return this;
        }

        public Builder optHopSamples(int v) {
            hopSamples = v;
            return this;
        }

        public Builder optBands(List<Band> v) {
            bands = v;
            return this;
        }

        public Builder optNMels(int v) {
            nMels = v;
            return this;
        }

        public Builder optFminHz(double v) {
            fminHz = v;
            return this;
        }

        public Builder optFmaxHz(double v) {
            fmaxHz = v;
            return this;
        }

        public Builder optMelScale(MelScale v) {
            melScale = v;
            return this;
        }

        public Builder optNMfcc(int v) {
            nMfcc = v;
            return this;
        }

        public Builder optPatchFrames(int v) {
            patchFrames = v;
            return this;
        }

        public Builder optChannels(List<String> v) {
            channels = v;
            return this;
        }

        public Builder optLabelPolicy(LabelPolicy v) {
            labelPolicy = v;
            return this;
        }

        public Builder optPadShort(boolean v) {
            padShort = v;
            return this;
        }

        public FeatureSpec build() {
            return new FeatureSpec(kind, windowSeconds, stepSeconds, npersegSamples, nfftSamples, hopSamples, bands,
                    nMels, fminHz, fmaxHz, melScale, nMfcc, patchFrames, channels, labelPolicy, padShort);
        }
    }

    /**
     * A spec with every default filled in for one sample rate: window/step/segment lengths in samples,
     * frequency limits in Hz, mel and MFCC counts, frames per example.
     */
    public record Resolved(FeatureSpec spec, double sampleRateHz, int windowSamples, int stepSamples,
                           int npersegSamples, int nfftSamples, int hopSamples, int nMels, double fminHz,
                           double fmaxHz, int nMfcc, int patchFrames) {

        public double nyquistHz() {
            return sampleRateHz / 2.0;
        }

        /** Number of one-sided frequency bins, nfft/2 + 1. */
        public int binCount() {
            return nfftSamples / 2 + 1;
        }

        /** Frequency of bin k exactly as numpy.fft.rfftfreq computes it. */
        public double binHz(int k) {
            return k * (1.0 / (nfftSamples * (1.0 / sampleRateHz)));
        }

        /**
         * The first and last (inclusive) frequency bin of {@code band}, {@code loHz <= f < hiHz}, or null when
         * the band holds no bin. The one place band bins are computed (validation and band features).
         */
        public int[] bandBins(Band band) {
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int k = 0; k < binCount(); k++) {
                double f = binHz(k);
                if (f >= band.loHz() && f < band.hiHz()) {
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
            }
            return hi < 0 ? null : new int[] {lo, hi};
        }

        static Resolved of(FeatureSpec s, double rate) {
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new SpectroganException("sample rate must be a positive number of Hz, got " + rate);
            }
            double nyq = rate / 2.0;
            String at = " at " + fmt(rate) + " Hz";
            if (s.fmaxHz() > nyq) {
                throw new SpectroganException("fmax " + fmt(s.fmaxHz()) + " Hz is above the Nyquist frequency "
                        + fmt(nyq) + " Hz (sample rate " + fmt(rate) + " Hz)");
            }
            double fmax = s.fmaxHz() > 0 ? s.fmaxHz() : nyq;
            if (s.fminHz() >= fmax) {
                throw new SpectroganException("fmin " + fmt(s.fminHz()) + " Hz is not below fmax " + fmt(fmax) + " Hz");
            }
            if (!s.kind().isAudio()) {
                int window = (int) Math.round(s.windowSeconds() * rate);
                int step = (int) Math.round(s.stepSeconds() * rate);
                if (window < 2) {
                    throw new SpectroganException("window " + fmt(s.windowSeconds()) + " s is " + window + " samples"
                            + at + "; it needs at least 2");
                }
                if (step < 1) {
                    throw new SpectroganException("step " + fmt(s.stepSeconds()) + " s is less than one sample" + at);
                }
                int nperseg = s.npersegSamples() > 0 ? s.npersegSamples() : Math.min(window, (int) Math.round(rate));
                if (nperseg > window) {
                    throw new SpectroganException("nperseg " + nperseg + " samples is longer than the window "
                            + fmt(s.windowSeconds()) + " s (" + window + " samples" + at + ")");
                }
                if (nperseg < 2) {
                    throw new SpectroganException("nperseg " + nperseg + " samples is too short (need at least 2)");
                }
                int nfft = s.nfftSamples() > 0 ? s.nfftSamples() : nperseg;
                Resolved r = new Resolved(s, rate, window, step, nperseg, nfft, nperseg - nperseg / 2, 0,
                        s.fminHz(), fmax, 0, 1);
                if (s.kind().usesBands()) {
                    for (Band b : s.bands()) {
                        if (b.hiHz() > nyq) {
                            throw new SpectroganException("band " + b + " Hz reaches above the Nyquist frequency "
                                    + fmt(nyq) + " Hz (sample rate " + fmt(rate) + " Hz)");
                        }
                        if (r.bandBins(b) == null) {
                            throw new SpectroganException("band " + b + " Hz holds no frequency bin (bin spacing "
                                    + fmt(r.binHz(1)) + " Hz with nperseg " + nfft + " samples)");
                        }
                    }
                }
                return r;
            }
            int nperseg = s.npersegSamples() > 0 ? s.npersegSamples()
                    : 1 << Math.max(4, (int) Math.round(Math.log(0.032 * rate) / Math.log(2)));
            int nfft = s.nfftSamples() > 0 ? s.nfftSamples() : nperseg;
            int hop = s.hopSamples() > 0 ? s.hopSamples() : Math.max(1, nperseg / 4);
            if (hop > nperseg) {
                throw new SpectroganException("hop " + hop + " samples is longer than nperseg " + nperseg + " samples");
            }
            int patch;
            if (s.patchFrames() > 0) {
                patch = s.patchFrames();
                if (s.windowSeconds() > 0) {
                    int given = (int) Math.round(s.windowSeconds() * rate);
                    int implied = nperseg + (patch - 1) * hop;
                    if (given != implied) {
                        throw new SpectroganException("window " + fmt(s.windowSeconds()) + " s (" + given
                                + " samples" + at + ") disagrees with " + patch + " frames of nperseg " + nperseg
                                + " / hop " + hop + " samples (" + implied + " samples); give only one of them");
                    }
                }
            } else if (s.windowSeconds() > 0) {
                int given = (int) Math.round(s.windowSeconds() * rate);
                if (given < nperseg) {
                    throw new SpectroganException("nperseg " + nperseg + " samples is longer than the window "
                            + fmt(s.windowSeconds()) + " s (" + given + " samples" + at + ")");
                }
                patch = Frames.count(given, nperseg, hop);
            } else {
                patch = 1;
            }
            int window = nperseg + (patch - 1) * hop;
            int step = s.stepSeconds() > 0 ? (int) Math.round(s.stepSeconds() * rate) : patch * hop;
            if (step < 1) {
                throw new SpectroganException("step " + fmt(s.stepSeconds()) + " s is less than one sample" + at);
            }
            int nMels = s.nMels() > 0 ? s.nMels() : DEFAULT_N_MELS;
            int nMfcc = s.nMfcc() > 0 ? s.nMfcc() : Math.min(DEFAULT_N_MFCC, nMels);
            return new Resolved(s, rate, window, step, nperseg, nfft, hop, nMels, s.fminHz(), fmax, nMfcc, patch);
        }
    }

    static String fmt(double v) {
        return Band.fmt(v);
    }
}
