package org.spectrogan.features;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.spectrogan.adapters.LabelledSegment;
import org.spectrogan.adapters.Recording;
import org.spectrogan.common.SpectroganException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts recordings into windows and turns each window into one features row: label from the covering segment,
 * group = the recording's group id, source "real", t0 = window start in seconds.
 *
 * <p>EEG kinds: per channel Welch PSD (as scipy), then per band {@code P = sum(PSD[lo <= f < hi]) * df} and
 * {@code DE = 0.5 ln(2 pi e P)}; columns {@code {channel}_{band}_de}, {@code {channel}_{band}_bp},
 * {@code {channel}_psd_{f}Hz} (channel names without trailing dots). When the step is a multiple of the Welch
 * hop, each segment's periodogram is computed once and shared by the overlapping windows.
 *
 * <p>Audio kinds (selected channels mixed to mono): per window {@code patchFrames} STFT frames; values are
 * laid out coefficient-major ({@code value[q * patchFrames + t]}, i.e. a mels x frames patch); columns
 * {@code stft_{f}Hz}, {@code logmel_{m}}, {@code mfcc_{i}}, with {@code _t{frame}} appended for patches.
 * Log-mel is {@code 10 log10(max(mel power, 1e-10))} of the scipy-scaled power spectrum.
 */
public final class Features {
    /** Label of windows from a recording that has no labelled segment. */
    public static final String UNLABELLED = "unlabelled";
    /** Floor of band power before the logarithm of DE, so a flat channel gives a finite value. */
    public static final double MIN_BAND_POWER = 1e-30;
    /** Floor of mel power before the dB conversion (librosa's amin). */
    public static final double MIN_MEL_POWER = 1e-10;

    private static final Logger LOG = LoggerFactory.getLogger(Features.class);

    private Features() {
    }

    /** As {@link #extract(List, FeatureSpec, int)} with one thread per available processor. */
    public static FeatureTable extract(List<Recording> recordings, FeatureSpec spec) {
        return extract(recordings, spec, Runtime.getRuntime().availableProcessors());
    }

    /** Extracts the features of every window of every recording, using up to {@code threads} threads. */
    public static FeatureTable extract(List<Recording> recordings, FeatureSpec spec, int threads) {
        Plan plan = plan(recordings, spec);
        List<FeatureTable.Row> rows = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        int skipped = 0;
        double longest = 0; // seconds of the longest contiguous piece
        boolean gapped = false;
        int windows = 0;
        for (int i = 0; i < recordings.size(); i++) {
            Recording rec = recordings.get(i);
            gapped |= rec.pieces().size() > 1;
            for (Recording.Piece p : rec.pieces()) {
                longest = Math.max(longest, p.sampleCount() / rec.sampleRateHz());
            }
            float[][] data = plan.samples(rec, i);
            int all = data == null ? 0 : countAll(rec, data[0].length, plan.resolved);
            if (all == 0) {
                skipped++;
                continue;
            }
            List<Window> ws = windows(rec, data[0].length, plan.resolved, spec.labelPolicy());
            windows += all;
            if (!ws.isEmpty()) {
                jobs.add(new Job(rec, data, ws, new double[ws.size()][plan.featureNames.size()]));
            }
        }
        FeatureSpec.Resolved r = plan.resolved;
        if (skipped == recordings.size()) {
            String what = recordings.size() == 1 ? "the recording " + recordings.get(0).sourcePath() + " ("
                    + FeatureSpec.fmt(round3(longest)) + " s" + (gapped ? " in its longest contiguous piece: it has gaps" : "") + ")"
                    : "every one of the " + recordings.size() + " recordings (longest " + (gapped ? "contiguous piece " : "")
                    + FeatureSpec.fmt(round3(longest)) + " s)";
            throw new SpectroganException("window " + FeatureSpec.fmt(round6(r.windowSamples() / r.sampleRateHz()))
                    + " s (" + r.windowSamples() + " samples at " + FeatureSpec.fmt(r.sampleRateHz())
                    + " Hz) is longer than " + what + (spec.kind().isAudio() ? "; use a shorter window or padShort" : ""));
        }
        if (skipped > 0) {
            LOG.warn("{} of {} recordings (or all their contiguous pieces) are shorter than one window ({} s) and were skipped", skipped,
                    recordings.size(), round6(r.windowSamples() / r.sampleRateHz()));
        }
        if (jobs.isEmpty()) {
            throw new SpectroganException("no window left after labelling: none of the " + windows + " windows of "
                    + FeatureSpec.fmt(round6(r.windowSamples() / r.sampleRateHz())) + " s (step "
                    + FeatureSpec.fmt(round6(r.stepSamples() / r.sampleRateHz())) + " s) "
                    + (spec.labelPolicy() == LabelPolicy.INSIDE ? "lies wholly inside one labelled segment"
                    : "is covered more than half by one label")
                    + " (label policy " + spec.labelPolicy().id() + "; try "
                    + (spec.labelPolicy() == LabelPolicy.INSIDE ? "--label-policy majority or " : "")
                    + "a shorter --window-s)");
        }
        compute(plan, jobs, Math.max(1, threads));
        for (Job job : jobs) {
            for (int w = 0; w < job.windows.size(); w++) {
                Window win = job.windows.get(w);
                rows.add(new FeatureTable.Row(win.label(), job.rec.groupId(), FeatureTable.REAL,
                        win.startSeconds(), job.out[w]));
            }
        }
        return new FeatureTable(plan.featureNames, rows);
    }

    /**
     * The mono mix of equally long channels: per sample the float32 sum over channels divided by their count.
     * One channel is returned as it is (the same array: do not modify it).
     */
    public static float[] monoMix(float[][] channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("no channels to mix");
        }
        if (channels.length == 1) {
            return channels[0];
        }
        float[] mono = new float[channels[0].length];
        for (float[] ch : channels) {
            if (ch.length != mono.length) {
                throw new IllegalArgumentException("channels of " + mono.length + " and " + ch.length + " samples");
            }
            for (int t = 0; t < mono.length; t++) {
                mono[t] += ch[t];
            }
        }
        for (int t = 0; t < mono.length; t++) {
            mono[t] /= channels.length;
        }
        return mono;
    }

    /** What {@code spectrogan render} and the pipeline need to know about features made from these recordings. */
    public static FeatureMeta meta(List<Recording> recordings, FeatureSpec spec) {
        Plan plan = plan(recordings, spec);
        return FeatureMeta.of(plan.resolved, plan.channelNames, plan.featureNames.size());
    }

    /** The feature column names for a resolved spec and the (dot-stripped) channel names. */
    public static List<String> featureNames(FeatureSpec.Resolved r, List<String> channelNames) {
        FeatureKind kind = r.spec().kind();
        List<String> names = new ArrayList<>();
        switch (kind) {
            case DE, BANDPOWER -> {
                String suffix = kind == FeatureKind.DE ? "_de" : "_bp";
                for (String ch : channelNames) {
                    for (Band b : r.spec().bands()) {
                        names.add(ch + "_" + b.name() + suffix);
                    }
                }
            }
            case PSD -> {
                int[] range = psdBinRange(r);
                for (String ch : channelNames) {
                    for (int k = range[0]; k <= range[1]; k++) {
                        names.add(ch + "_psd_" + hz(r.binHz(k)) + "Hz");
                    }
                }
            }
            default -> {
                int patch = r.patchFrames();
                List<String> base = new ArrayList<>();
                if (kind == FeatureKind.STFT) {
                    for (int k = 0; k < r.binCount(); k++) {
                        base.add("stft_" + hz(r.binHz(k)) + "Hz");
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
                for (String b : base) {
                    if (patch == 1) {
                        names.add(b);
                    } else {
                        for (int t = 0; t < patch; t++) {
                            names.add(b + "_t" + t);
                        }
                    }
                }
            }
        }
        return names;
    }

    /** First and last (inclusive) bin of psd columns: fmin <= f <= fmax. */
    static int[] psdBinRange(FeatureSpec.Resolved r) {
        int lo = -1;
        int hi = -1;
        for (int k = 0; k < r.binCount(); k++) {
            double f = r.binHz(k);
            if (f >= r.fminHz() - 1e-9 && f <= r.fmaxHz() + 1e-9) {
                if (lo < 0) {
                    lo = k;
                }
                hi = k;
            }
        }
        if (lo < 0) {
            throw new SpectroganException("no PSD bin lies between fmin " + FeatureSpec.fmt(r.fminHz()) + " Hz and fmax "
                    + FeatureSpec.fmt(r.fmaxHz()) + " Hz (bin spacing " + hz(r.binHz(1)) + " Hz)");
        }
        return new int[] {lo, hi};
    }

    static String hz(double f) {
        return new BigDecimal(Math.round(f * 1e6)).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private static double round3(double v) {
        return Math.round(v * 1e3) / 1e3;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** A window: its first sample (index into the sample arrays), its start on the time axis, and its label. */
    public record Window(int startSample, double startSeconds, String label) {
    }

    /**
     * Where the pieces of a recording of {@code n} samples (after any padding, which extends the last piece)
     * lie: {@code [startSample, endSample, time-axis position of startSample in samples]} per piece.
     */
    private static long[][] pieceBounds(Recording rec, int n, double rate) {
        List<Recording.Piece> pieces = rec.pieces();
        long[][] out = new long[pieces.size()][];
        for (int k = 0; k < pieces.size(); k++) {
            Recording.Piece p = pieces.get(k);
            int end = k == pieces.size() - 1 ? Math.max(n, p.endSample()) : p.endSample();
            out[k] = new long[] {p.startSample(), end, Math.round(p.startSeconds() * rate)};
        }
        return out;
    }

    /** How many windows (labelled or not) the pieces of a recording of {@code n} samples hold. */
    private static int countAll(Recording rec, int n, FeatureSpec.Resolved r) {
        int count = 0;
        for (long[] p : pieceBounds(rec, n, r.sampleRateHz())) {
            count += Frames.count(p[1] - p[0], r.windowSamples(), r.stepSamples());
        }
        return count;
    }

    /**
     * The labelled windows of one recording of {@code n} samples (after any padding). Windows start at the
     * beginning of each contiguous piece, every step, and never straddle the gap between two pieces; a window's
     * time and the segments it is checked against are on the recording's time axis (gaps included).
     */
    public static List<Window> windows(Recording rec, int n, FeatureSpec.Resolved r, LabelPolicy policy) {
        List<Window> out = new ArrayList<>();
        int win = r.windowSamples();
        double rate = r.sampleRateHz();
        List<LabelledSegment> segs = rec.segments();
        long[] segStart = new long[segs.size()];
        long[] segEnd = new long[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            segStart[i] = Math.round(segs.get(i).onsetSeconds() * rate);
            segEnd[i] = Math.round(segs.get(i).endSeconds() * rate);
        }
        Map<String, Long> overlap = new HashMap<>();
        long[][] bounds = pieceBounds(rec, n, rate);
        for (int k = 0; k < bounds.length; k++) {
            int first = (int) bounds[k][0];
            double startSeconds = rec.pieces().get(k).startSeconds();
            for (int at = first; at + win <= bounds[k][1]; at += r.stepSamples()) {
                String label = labelOf(segs, segStart, segEnd, bounds[k][2] + (at - first), win, policy, overlap);
                if (label != null) {
                    out.add(new Window(at, startSeconds + (at - first) / rate, label));
                }
            }
        }
        return out;
    }

    /** The label of the window of {@code win} samples at time-axis sample {@code s}, or null (none, ambiguous). */
    private static String labelOf(List<LabelledSegment> segs, long[] segStart, long[] segEnd, long s, int win,
                                  LabelPolicy policy, Map<String, Long> overlap) {
        String label = null;
        if (segs.isEmpty()) {
            label = UNLABELLED;
        } else if (policy == LabelPolicy.INSIDE) {
            for (int i = 0; i < segs.size(); i++) {
                if (segStart[i] <= s && s + win <= segEnd[i]) {
                    String l = segs.get(i).label();
                    if (label == null) {
                        label = l;
                    } else if (!label.equals(l)) {
                        label = null; // two different labels cover the window: ambiguous, drop it
                        break;
                    }
                }
            }
        } else {
            overlap.clear();
            for (int i = 0; i < segs.size(); i++) {
                long o = Math.min(segEnd[i], s + win) - Math.max(segStart[i], s);
                if (o > 0) {
                    overlap.merge(segs.get(i).label(), o, Long::sum);
                }
            }
            for (Map.Entry<String, Long> e : overlap.entrySet()) {
                if (2 * Math.min(e.getValue(), win) > win) {
                    label = e.getKey();
                }
            }
        }
        return label;
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Job(Recording rec, float[][] data, List<Window> windows, double[][] out) {
    }

    /** Resolved spec, channel choice and column names shared by all recordings of one extraction. */
    private static final class Plan {
        final FeatureSpec spec;
        final FeatureSpec.Resolved resolved;
        final List<String> channelNames;
        final List<String> featureNames;
        final int[][] channelIndex;
        final MelFilterbank mel;
        final Dct dct;

        Plan(FeatureSpec spec, FeatureSpec.Resolved resolved, List<String> channelNames, int[][] channelIndex) {
            this.spec = spec;
            this.resolved = resolved;
            this.channelNames = channelNames;
            this.channelIndex = channelIndex;
            this.featureNames = featureNames(resolved, spec.kind().isAudio() ? List.of() : channelNames);
            FeatureKind k = spec.kind();
            this.mel = k == FeatureKind.LOGMEL || k == FeatureKind.MFCC
                    ? new MelFilterbank(resolved.sampleRateHz(), resolved.nfftSamples(), resolved.nMels(),
                    resolved.fminHz(), resolved.fmaxHz(), spec.melScale()) : null;
            this.dct = k == FeatureKind.MFCC ? new Dct(resolved.nMels(), resolved.nMfcc()) : null;
        }

        /** The selected channels of recording i (mono mix for audio), padded if asked; null if too short. */
        float[][] samples(Recording rec, int i) {
            int[] idx = channelIndex[i];
            float[][] data = new float[idx.length][];
            for (int c = 0; c < idx.length; c++) {
                data[c] = rec.channel(idx[c]);
            }
            if (spec.kind().isAudio()) {
                data = new float[][] {monoMix(data)};
            }
            int win = resolved.windowSamples();
            if (data[0].length < win) {
                if (!spec.padShort()) {
                    return null;
                }
                for (int c = 0; c < data.length; c++) {
                    data[c] = java.util.Arrays.copyOf(data[c], win);
                }
            }
            return data;
        }
    }

    private static Plan plan(List<Recording> recordings, FeatureSpec spec) {
        if (recordings == null || recordings.isEmpty()) {
            throw new SpectroganException("no recordings to extract features from");
        }
        Recording first = recordings.get(0);
        double rate = first.sampleRateHz();
        for (Recording rec : recordings) {
            if (Math.abs(rec.sampleRateHz() - rate) > 1e-9 * rate) {
                throw new SpectroganException("sample rates differ: " + first.sourcePath() + " has "
                        + FeatureSpec.fmt(rate) + " Hz, " + rec.sourcePath() + " has "
                        + FeatureSpec.fmt(rec.sampleRateHz()) + " Hz; features need one rate (resample or choose files)");
            }
        }
        FeatureSpec.Resolved resolved = spec.resolve(rate);
        int[][] idx = new int[recordings.size()][];
        List<String> names = null;
        for (int i = 0; i < recordings.size(); i++) {
            Recording rec = recordings.get(i);
            List<String> chosen = new ArrayList<>();
            if (spec.channels().isEmpty()) {
                idx[i] = IntStream.range(0, rec.channelCount()).toArray();
            } else {
                idx[i] = new int[spec.channels().size()];
                for (int c = 0; c < idx[i].length; c++) {
                    String want = spec.channels().get(c);
                    int at = rec.channelIndex(want);
                    if (at < 0) {
                        throw new SpectroganException(rec.sourcePath() + ": no channel '" + want + "' (channels: "
                                + String.join(", ", rec.channelNames().subList(0, Math.min(16, rec.channelCount())))
                                + (rec.channelCount() > 16 ? ", ..." : "") + ")");
                    }
                    idx[i][c] = at;
                }
            }
            for (int at : idx[i]) {
                chosen.add(Recording.stripDots(rec.channelNames().get(at)));
            }
            if (names == null) {
                names = chosen;
            } else if (!spec.kind().isAudio() && !names.equals(chosen)) {
                throw new SpectroganException(rec.sourcePath() + ": channels " + abbreviate(chosen) + " differ from "
                        + first.sourcePath() + "'s " + abbreviate(names) + "; choose common ones with --channels");
            }
        }
        return new Plan(spec, resolved, names, idx);
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + "... (" + names.size() + ")";
    }

    private static void compute(Plan plan, List<Job> jobs, int threads) {
        boolean audio = plan.spec.kind().isAudio();
        List<int[]> tasks = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            int channels = audio ? 1 : jobs.get(j).data.length;
            for (int c = 0; c < channels; c++) {
                tasks.add(new int[] {j, c});
            }
        }
        ThreadLocal<Object> workspace = ThreadLocal.withInitial(
                () -> audio ? new AudioWorkspace(plan) : new EegWorkspace(plan.resolved));
        java.util.function.Consumer<int[]> runTask = t -> {
            Job job = jobs.get(t[0]);
            if (audio) {
                ((AudioWorkspace) workspace.get()).run(job);
            } else {
                ((EegWorkspace) workspace.get()).run(job, t[1]);
            }
        };
        if (threads == 1) {
            tasks.forEach(runTask);
            return;
        }
        Runnable all = () -> tasks.parallelStream().forEach(runTask);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(all).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("feature extraction interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdown();
        }
    }

    /** Per-thread buffers for Welch-based kinds; reused across channels and windows. */
    private static final class EegWorkspace {
        private final FeatureSpec.Resolved r;
        private final Welch welch;
        private final double[] periodogram;
        private final double[] acc;
        private final int dim;
        private final int[] bandLo;
        private final int[] bandHi;
        private final int psdLo;
        private final double df;
        private double[][] grid = new double[0][];
        private boolean[] done = new boolean[0];

        EegWorkspace(FeatureSpec.Resolved r) {
            this.r = r;
            this.welch = new Welch(r.npersegSamples(), r.nfftSamples(), r.sampleRateHz());
            this.periodogram = new double[welch.binCount()];
            this.df = r.binHz(1);
            if (r.spec().kind() == FeatureKind.PSD) {
                int[] range = psdBinRange(r);
                psdLo = range[0];
                dim = range[1] - range[0] + 1;
                bandLo = null;
                bandHi = null;
            } else {
                psdLo = 0;
                List<Band> bands = r.spec().bands();
                dim = bands.size();
                bandLo = new int[dim];
                bandHi = new int[dim];
                for (int b = 0; b < dim; b++) {
                    bandLo[b] = Integer.MAX_VALUE;
                    bandHi[b] = -1;
                    for (int k = 0; k < r.binCount(); k++) {
                        double f = r.binHz(k);
                        if (f >= bands.get(b).loHz() && f < bands.get(b).hiHz()) {
                            bandLo[b] = Math.min(bandLo[b], k);
                            bandHi[b] = Math.max(bandHi[b], k);
                        }
                    }
                }
            }
            this.acc = new double[dim];
        }

        /** The reduced vector (band sums, or the PSD bins of the columns) of one segment's periodogram. */
        private void reduce(float[] x, int start, double[] into) {
            welch.periodogram(x, start, periodogram);
            if (bandLo == null) {
                System.arraycopy(periodogram, psdLo, into, 0, dim);
            } else {
                for (int b = 0; b < dim; b++) {
                    double s = 0;
                    for (int k = bandLo[b]; k <= bandHi[b]; k++) {
                        s += periodogram[k];
                    }
                    into[b] = s;
                }
            }
        }

        void run(Job job, int channel) {
            float[] x = job.data[channel];
            int hop = welch.hopSamples();
            int segments = welch.segmentCount(r.windowSamples());
            // Segment periodograms are cached in cell segStart / hop. Two different segment starts never share a
            // cell: within a piece they differ by whole hops, and across the pieces of a discontinuous recording
            // by at least nperseg >= hop (a segment ends inside its piece), even when a piece starts off the grid.
            boolean aligned = r.stepSamples() % hop == 0;
            int gridSize = aligned ? welch.segmentCount(x.length) : 0;
            if (aligned) {
                if (grid.length < gridSize) {
                    double[][] g = new double[gridSize][];
                    System.arraycopy(grid, 0, g, 0, grid.length);
                    for (int i = grid.length; i < gridSize; i++) {
                        g[i] = new double[dim];
                    }
                    grid = g;
                    done = new boolean[gridSize];
                } else {
                    java.util.Arrays.fill(done, false);
                }
            }
            double[] one = aligned ? null : new double[dim];
            FeatureKind kind = r.spec().kind();
            int offset = channel * dim;
            for (int w = 0; w < job.windows.size(); w++) {
                int start = job.windows.get(w).startSample();
                java.util.Arrays.fill(acc, 0.0);
                for (int s = 0; s < segments; s++) {
                    int segStart = start + s * hop;
                    double[] v;
                    if (aligned) {
                        int g = segStart / hop;
                        if (!done[g]) {
                            reduce(x, segStart, grid[g]);
                            done[g] = true;
                        }
                        v = grid[g];
                    } else {
                        reduce(x, segStart, one);
                        v = one;
                    }
                    for (int d = 0; d < dim; d++) {
                        acc[d] += v[d];
                    }
                }
                double[] row = job.out[w];
                for (int d = 0; d < dim; d++) {
                    double mean = acc[d] / segments;
                    double value;
                    if (kind == FeatureKind.PSD) {
                        value = mean;
                    } else {
                        double p = mean * df;
                        value = kind == FeatureKind.BANDPOWER ? p
                                : 0.5 * Math.log(2.0 * Math.PI * Math.E * Math.max(p, MIN_BAND_POWER));
                    }
                    row[offset + d] = value;
                }
            }
        }
    }

    /** Per-thread buffers for STFT-based kinds. */
    private static final class AudioWorkspace {
        private final Plan plan;
        private final FeatureSpec.Resolved r;
        private final Stft stft;
        private final double[] mag;
        private final double[] mel;
        private final double[] coef;

        AudioWorkspace(Plan plan) {
            this.plan = plan;
            this.r = plan.resolved;
            this.stft = new Stft(r.npersegSamples(), r.nfftSamples(), r.hopSamples());
            this.mag = new double[stft.binCount()];
            this.mel = new double[Math.max(1, r.nMels())];
            this.coef = new double[Math.max(1, r.nMfcc())];
        }

        void run(Job job) {
            float[] x = job.data[0];
            int patch = r.patchFrames();
            FeatureKind kind = plan.spec.kind();
            for (int w = 0; w < job.windows.size(); w++) {
                int start = job.windows.get(w).startSample();
                double[] row = job.out[w];
                for (int t = 0; t < patch; t++) {
                    stft.magnitude(x, start + t * r.hopSamples(), mag);
                    double[] values;
                    if (kind == FeatureKind.STFT) {
                        values = mag;
                    } else {
                        for (int k = 0; k < mag.length; k++) {
                            mag[k] = mag[k] * mag[k];
                        }
                        plan.mel.apply(mag, mel);
                        for (int m = 0; m < mel.length; m++) {
                            mel[m] = 10.0 * Math.log10(Math.max(mel[m], MIN_MEL_POWER));
                        }
                        if (kind == FeatureKind.LOGMEL) {
                            values = mel;
                        } else {
                            plan.dct.forward(mel, coef);
                            values = coef;
                        }
                    }
                    int q = kind == FeatureKind.STFT ? mag.length : kind == FeatureKind.LOGMEL ? r.nMels() : r.nMfcc();
                    for (int i = 0; i < q; i++) {
                        row[i * patch + t] = values[i];
                    }
                }
            }
        }
    }
}
