package org.spectrogan.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The STFT based audio kinds, on the chosen channels mixed to mono: per window {@code patchFrames} STFT frames
 * of magnitude ({@code stft}), log-mel power in dB ({@code logmel}: {@code 10 log10(max(mel power, 1e-10))} of
 * the scipy-scaled power spectrum) or MFCCs ({@code mfcc}, DCT-II of the log-mel). Values are laid out
 * coefficient-major ({@code value[q * patchFrames + t]}, a coefficients x frames patch); columns
 * {@code stft_{f}Hz}, {@code logmel_{m}}, {@code mfcc_{i}}, with {@code _t{frame}} appended for patches.
 */
final class SpectrogramFeatures implements FeatureFamily {
    private final FeatureSpec.Resolved r;
    private final MelFilterbank mel;
    private final Dct dct;

    SpectrogramFeatures(FeatureSpec.Resolved resolved) {
        FeatureKind k = resolved.spec().kind();
        if (!k.isAudio()) {
            throw new IllegalArgumentException(k.id() + " is not a spectrogram feature kind");
        }
        this.r = resolved;
        this.mel = k == FeatureKind.LOGMEL || k == FeatureKind.MFCC
                ? new MelFilterbank(r.sampleRateHz(), r.nfftSamples(), r.nMels(), r.fminHz(), r.fmaxHz(),
                r.spec().melScale()) : null;
        this.dct = k == FeatureKind.MFCC ? new Dct(r.nMels(), r.nMfcc()) : null;
    }

    @Override
    public boolean mixesToMono() {
        return true;
    }

    @Override
    public List<String> featureNames(List<String> channelNames) {
        return names(r);
    }

    /** Column names: per coefficient (bin, mel band or MFCC), per frame of the patch. */
    static List<String> names(FeatureSpec.Resolved r) {
        FeatureKind kind = r.spec().kind();
        int patch = r.patchFrames();
        List<String> base = new ArrayList<>();
        if (kind == FeatureKind.STFT) {
            for (int k = 0; k < r.binCount(); k++) {
                base.add("stft_" + Features.hz(r.binHz(k)) + "Hz");
            }
        } else if (kind == FeatureKind.LOGMEL) {
            for (int m = 0; m < r.nMels(); m++) {
                base.add("logmel_" + m);
            }
        } else {
            for (int c = 0; c < r.nMfcc(); c++) {
                base.add("mfcc_" + c);
            }
        }
        List<String> names = new ArrayList<>();
        for (String b : base) {
            if (patch == 1) {
                names.add(b);
            } else {
                for (int t = 0; t < patch; t++) {
                    names.add(b + "_t" + t);
                }
            }
        }
        return names;
    }

    @Override
    public Workspace newWorkspace() {
        return new SpectrogramWorkspace();
    }

    /** Per-thread buffers: the STFT, one frame's magnitudes, mel powers and coefficients. */
    private final class SpectrogramWorkspace implements Workspace {
        private final FeatureKind kind = r.spec().kind();
        private final Stft stft = new Stft(r.npersegSamples(), r.nfftSamples(), r.hopSamples());
        private final double[] mag = new double[stft.binCount()];
        private final double[] melPower = new double[Math.max(1, r.nMels())];
        private final double[] coef = new double[Math.max(1, r.nMfcc())];

        @Override
        public void fill(float[] x, int channel, List<Features.Window> windows, double[][] rows) {
            int patch = r.patchFrames();
            int q = kind == FeatureKind.STFT ? mag.length : kind == FeatureKind.LOGMEL ? r.nMels() : r.nMfcc();
            for (int w = 0; w < windows.size(); w++) {
                int start = windows.get(w).startSample();
                double[] row = rows[w];
                for (int t = 0; t < patch; t++) {
                    stft.magnitude(x, start + t * r.hopSamples(), mag);
                    double[] values;
                    if (kind == FeatureKind.STFT) {
                        values = mag;
                    } else {
                        for (int k = 0; k < mag.length; k++) {
                            mag[k] = mag[k] * mag[k];
                        }
                        mel.apply(mag, melPower);
                        for (int m = 0; m < melPower.length; m++) {
                            melPower[m] = 10.0 * Math.log10(Math.max(melPower[m], Features.MIN_MEL_POWER));
                        }
                        if (kind == FeatureKind.LOGMEL) {
                            values = melPower;
                        } else {
                            dct.forward(melPower, coef);
                            values = coef;
                        }
                    }
                    for (int i = 0; i < q; i++) {
                        row[i * patch + t] = values[i];
                    }
                }
            }
        }
    }
}
