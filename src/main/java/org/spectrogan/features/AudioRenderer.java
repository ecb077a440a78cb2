package org.spectrogan.features;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * Turns spectral feature rows (stft, logmel or mfcc, as described by a {@link FeatureMeta}) back into audio:
 * MFCC through the inverse DCT to log-mel, log-mel through the mel filterbank's pseudo-inverse to a linear
 * power spectrum, magnitude through Griffin-Lim to a signal, written as 16-bit PCM WAV. Patch rows
 * (patchFrames > 1) become one clip each; single-frame rows are stacked in table order, consecutive rows with
 * the same label, source and group, up to {@link Options#framesPerClip()} frames per clip.
 */
public final class AudioRenderer {
    /** Rendering settings. */
    public record Options(int iterations, double momentum, long seed, int framesPerClip, int maxClips, double peak) {
        public Options {
            if (iterations < 0 || framesPerClip < 1 || maxClips < 1 || !(peak > 0 && peak <= 1)) {
                throw new SpectroganException("render options: need iterations >= 0, frames per clip >= 1, "
                        + "max clips >= 1 and 0 < peak <= 1");
            }
        }

        /** 64 iterations, momentum 0.99, seed 1, 64 frames per clip, at most 1000 clips, peak 0.9. */
        public static Options defaults() {
            return new Options(64, 0.99, 1L, 64, 1000, 0.9);
        }

        public Options withMaxClips(int n) {
            return new Options(iterations, momentum, seed, framesPerClip, n, peak);
        }
    }

    /** One written WAV: its file, label, source, group, seconds and Griffin-Lim spectral convergence. */
    public record Rendered(Path file, String label, String source, String group, double seconds,
                           double spectralConvergence) {
    }

    private AudioRenderer() {
    }

    /** Renders with {@link Options#defaults()}. */
    public static List<Rendered> render(FeatureTable rows, FeatureMeta meta, Path outDir) {
        return render(rows, meta, outDir, Options.defaults());
    }

    /** Renders every row (or stack of single-frame rows) of {@code rows} into WAV files in {@code outDir}. */
    public static List<Rendered> render(FeatureTable rows, FeatureMeta meta, Path outDir, Options options) {
        requireRenderable(meta, rows.featureCount());
        List<Rendered> out = new ArrayList<>();
        List<FeatureTable.Row> all = rows.rows();
        int i = 0;
        while (i < all.size() && out.size() < options.maxClips()) {
            FeatureTable.Row first = all.get(i);
            List<double[]> frames = new ArrayList<>();
            int j = i;
            if (meta.patchFrames() > 1) {
                frames.addAll(magnitudeFrames(first.values(), meta));
                j = i + 1;
            } else {
                while (j < all.size() && frames.size() < options.framesPerClip() && same(first, all.get(j))) {
                    frames.addAll(magnitudeFrames(all.get(j).values(), meta));
                    j++;
                }
            }
            double[][] mag = frames.toArray(new double[0][]);
            GriffinLim.Result r = GriffinLim.reconstruct(mag, meta.npersegSamples(), meta.nfftSamples(),
                    meta.hopSamples(), options.iterations(), options.momentum(), options.seed() + out.size());
            double[] signal = normalise(r.signal(), options.peak());
            Path file = outDir.resolve(String.format("%04d_%s_%s.wav", out.size(), safe(first.label()), safe(first.source())));
            WavWriter.write(file, signal, meta.sampleRateHz());
            out.add(new Rendered(file, first.label(), first.source(), first.group(),
                    signal.length / meta.sampleRateHz(), r.spectralConvergence()));
            i = j;
        }
        return out;
    }

    /** The signal of one row (patch rows only, or a single frame), with the given Griffin-Lim settings. */
    public static GriffinLim.Result renderRow(double[] values, FeatureMeta meta, Options options) {
        requireRenderable(meta, values.length);
        double[][] mag = magnitudeFrames(values, meta).toArray(new double[0][]);
        return GriffinLim.reconstruct(mag, meta.npersegSamples(), meta.nfftSamples(), meta.hopSamples(),
                options.iterations(), options.momentum(), options.seed());
    }

    private static void requireRenderable(FeatureMeta meta, int featureCount) {
        if (!meta.kind().isAudio()) {
            throw new SpectroganException("cannot render " + meta.kind().id()
                    + " features to audio: only stft, logmel and mfcc rows can be rendered");
        }
        int expected = meta.coefficientsPerFrame() * meta.patchFrames();
        if (featureCount != expected) {
            throw new SpectroganException("rows have " + featureCount + " feature columns but the metadata ("
                    + meta.kind().id() + ", " + meta.coefficientsPerFrame() + " x " + meta.patchFrames()
                    + " frames) expects " + expected);
        }
    }

    private static boolean same(FeatureTable.Row a, FeatureTable.Row b) {
        return a.label().equals(b.label()) && a.source().equals(b.source()) && a.group().equals(b.group());
    }

    /** The magnitude frames (frames x bins, scipy scaling) a row describes. */
    public static List<double[]> magnitudeFrames(double[] values, FeatureMeta meta) {
        int patch = meta.patchFrames();
        int q = meta.coefficientsPerFrame();
        int bins = meta.binCount();
        MelFilterbank fb = meta.kind() == FeatureKind.STFT ? null : filterbank(meta);
        Dct dct = meta.kind() == FeatureKind.MFCC ? new Dct(meta.nMels(), meta.nMfcc()) : null;
        double[] coef = new double[q];
        double[] logmel = new double[meta.nMels()];
        double[] power = new double[bins];
        List<double[]> frames = new ArrayList<>(patch);
        for (int t = 0; t < patch; t++) {
            for (int i = 0; i < q; i++) {
                coef[i] = values[i * patch + t];
            }
            double[] mag = new double[bins];
            if (meta.kind() == FeatureKind.STFT) {
                for (int k = 0; k < bins; k++) {
                    mag[k] = Math.max(0.0, coef[k]);
                }
            } else {
                if (dct != null) {
                    dct.inverse(coef, logmel);
                } else {
                    System.arraycopy(coef, 0, logmel, 0, q);
                }
                double[] melPower = new double[logmel.length];
                for (int m = 0; m < logmel.length; m++) {
                    // clamp: synthetic rows may stray far outside the real range; keep the power finite
                    melPower[m] = Math.pow(10.0, Math.max(-200.0, Math.min(150.0, logmel[m])) / 10.0);
                }
                fb.invert(melPower, power);
                for (int k = 0; k < bins; k++) {
                    mag[k] = Math.sqrt(power[k]);
                }
            }
            frames.add(mag);
        }
        return frames;
    }

    private static final java.util.Map<String, MelFilterbank> FILTERBANKS = new java.util.concurrent.ConcurrentHashMap<>();

    private static MelFilterbank filterbank(FeatureMeta m) {
        String key = m.sampleRateHz() + "/" + m.nfftSamples() + "/" + m.nMels() + "/" + m.fminHz() + "/" + m.fmaxHz() + "/" + m.melScale();
        return FILTERBANKS.computeIfAbsent(key, k -> new MelFilterbank(m.sampleRateHz(), m.nfftSamples(), m.nMels(),
                m.fminHz(), m.fmaxHz(), m.melScale()));
    }

    private static double[] normalise(double[] x, double peak) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        double[] y = x.clone();
        if (max > peak) {
            for (int i = 0; i < y.length; i++) {
                y[i] *= peak / max;
            }
        }
        return y;
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.-]", "_");
        return t.isEmpty() ? "x" : t.length() > 40 ? t.substring(0, 40) : t;
    }
}
