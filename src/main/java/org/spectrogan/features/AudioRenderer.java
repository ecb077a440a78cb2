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
            double[] signal = normalise(r.signal(), options.peak(), meta.npersegSamples() / 2);
            Path file = outDir.resolve(String.format("%04d_%s_%s.wav", out.size(), safe(first.label()), safe(first.source())));
            WavWriter.write(file, signal, meta.sampleRateHz());
            out.add(new Rendered(file, first.label(), first.source(), first.group(),
                    signal.length / meta.sampleRateHz(), r.spectralConvergence()));
            i = j;
        }
        return out;
    }

    /**
     * Renders whole utterances: the patch rows of each (label, group, source), in table order, are placed over
     * time at their {@code t0} (frame {@code round((t0 - first t0) * rate / hop)}), frames covered by several
     * patches averaged in magnitude, frames covered by none left silent, and the whole spectrogram goes through
     * one Griffin-Lim (so no seam between patches). One WAV per utterance; at most {@code maxClips}.
     * Rows whose group holds patches all at the same t0 (e.g. synthetic rows without a place in time) become
     * one clip each, as {@link #render} makes them.
     */
    public static List<Rendered> renderUtterances(FeatureTable rows, FeatureMeta meta, Path outDir, Options options) {
        requireRenderable(meta, rows.featureCount());
        java.util.Map<String, List<FeatureTable.Row>> byUtterance = new java.util.LinkedHashMap<>();
        for (FeatureTable.Row r : rows.rows()) {
            byUtterance.computeIfAbsent(r.label() + "\u0000" + r.group() + "\u0000" + r.source(), k -> new ArrayList<>()).add(r);
        }
        List<Rendered> out = new ArrayList<>();
        for (List<FeatureTable.Row> group : byUtterance.values()) {
            boolean placed = group.stream().mapToDouble(FeatureTable.Row::t0).distinct().count() == group.size();
            List<List<FeatureTable.Row>> clips = placed ? List.of(group) : group.stream().map(List::of).toList();
            for (List<FeatureTable.Row> clip : clips) {
                if (out.size() >= options.maxClips()) {
                    return out;
                }
                FeatureTable.Row first = clip.get(0);
                double[][] mag = placePatches(clip, meta);
                GriffinLim.Result r = GriffinLim.reconstruct(mag, meta.npersegSamples(), meta.nfftSamples(),
                        meta.hopSamples(), options.iterations(), options.momentum(), options.seed() + out.size());
                double[] signal = normalise(r.signal(), options.peak(), meta.npersegSamples() / 2);
                Path file = outDir.resolve(String.format("%04d_%s_%s.wav", out.size(), safe(first.label()), safe(first.group())));
                WavWriter.write(file, signal, meta.sampleRateHz());
                out.add(new Rendered(file, first.label(), first.source(), first.group(),
                        signal.length / meta.sampleRateHz(), r.spectralConvergence()));
            }
        }
        return out;
    }

    /**
     * The magnitude spectrogram (frames x bins) of patch rows placed at their t0: patch p starts at frame
     * {@code round((t0_p - min t0) * rate / hop)}; overlapping frames are averaged, uncovered frames are 0.
     */
    public static double[][] placePatches(List<FeatureTable.Row> patches, FeatureMeta meta) {
        if (patches.isEmpty()) {
            throw new IllegalArgumentException("no patches to place");
        }
        double t0 = patches.stream().mapToDouble(FeatureTable.Row::t0).min().orElse(0);
        int[] start = new int[patches.size()];
        int frames = 0;
        for (int p = 0; p < start.length; p++) {
            start[p] = (int) Math.round((patches.get(p).t0() - t0) * meta.sampleRateHz() / meta.hopSamples());
            frames = Math.max(frames, start[p] + meta.patchFrames());
        }
        double[][] mag = new double[frames][meta.binCount()];
        int[] count = new int[frames];
        for (int p = 0; p < start.length; p++) {
            List<double[]> f = magnitudeFrames(patches.get(p).values(), meta);
            for (int t = 0; t < f.size(); t++) {
                double[] dst = mag[start[p] + t];
                double[] src = f.get(t);
                for (int k = 0; k < dst.length; k++) {
                    dst[k] += src[k];
                }
                count[start[p] + t]++;
            }
        }
        for (int t = 0; t < frames; t++) {
            if (count[t] > 1) {
                for (int k = 0; k < mag[t].length; k++) {
                    mag[t][k] /= count[t];
                }
            }
        }
        return mag;
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

    /**
     * Scales {@code x} down so its largest magnitude is {@code peak}, the peak measured without the first and last
     * half window ({@code edgeSamples}), where the overlap-add fades in and out (when the clip is shorter than
     * two edges, the whole clip). Never scales up: a quiet clip stays as loud as its spectrum says.
     */
    static double[] normalise(double[] x, double peak, int edgeSamples) {
        int from = x.length > 2 * edgeSamples ? edgeSamples : 0;
        int to = x.length > 2 * edgeSamples ? x.length - edgeSamples : x.length;
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        double[] y = x.clone();
        if (max > peak) {
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(-1.0, Math.min(1.0, y[i] * peak / max));
            }
        }
        return y;
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.-]", "_");
        return t.isEmpty() ? "x" : t.length() > 40 ? t.substring(0, 40) : t;
    }
}
