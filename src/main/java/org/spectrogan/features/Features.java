package org.spectrogan.features;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.spectrogan.adapters.LabelledSegment;
import org.spectrogan.adapters.Recording;
import org.spectrogan.common.SpectroganException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts recordings into windows and turns each window into one features row: label from the covering segment,
 * group = the recording's group id, source "real", t0 = window start in seconds. The columns and their values
 * come from the kind's {@link FeatureFamily}: {@link BandFeatures} (de, bandpower, psd per channel) or
 * {@link SpectrogramFeatures} (stft, logmel, mfcc patches of the mono mix). Every recording and window left out
 * is counted per {@link DropReason} in the {@link Extraction} that {@link #extraction} returns.
 *
 * <p>With {@code padShort}, a recording shorter than one window is zero-padded to one window; the padding
 * carries no label, so the window is labelled from its real samples only and a padded clip keeps its label
 * under either label policy.
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

    /** The features of every window of every recording, using up to {@code threads} threads. */
    public static FeatureTable extract(List<Recording> recordings, FeatureSpec spec, int threads) {
        return extraction(recordings, spec, threads).table();
    }

    /**
     * Extracts the features of every window of every recording, using up to {@code threads} threads, and counts
     * what was dropped and why. Throws when nothing is left (every recording too short, or no window labelled).
     */
    public static Extraction extraction(List<Recording> recordings, FeatureSpec spec, int threads) {
        Plan plan = plan(recordings, spec);
        List<FeatureTable.Row> rows = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        Tally tally = new Tally();
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
                tally.recording(DropReason.TOO_SHORT, rec);
                continue;
            }
            List<Window> ws = windows(rec, data[0].length, plan.resolved, spec.labelPolicy(), tally);
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
        Extraction out = new Extraction(new FeatureTable(plan.featureNames, rows), recordings.size(), jobs.size(),
                windows, tally.drops());
        if (skipped > 0) { // whole recordings lost: a warning, naming the window length
            LOG.warn("{} (window {} s)", out.summary(), FeatureSpec.fmt(round6(r.windowSamples() / r.sampleRateHz())));
        } else if (!out.drops().isEmpty()) {
            LOG.info("{}", out.summary());
        }
        return out;
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
        return FeatureFamily.of(r).featureNames(channelNames);
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
     * lie: {@code [startSample, endSample, time-axis position of startSample in samples, end of the real
     * samples]} per piece.
     */
    private static long[][] pieceBounds(Recording rec, int n, double rate) {
        List<Recording.Piece> pieces = rec.pieces();
        long[][] out = new long[pieces.size()][];
        for (int k = 0; k < pieces.size(); k++) {
            Recording.Piece p = pieces.get(k);
            int end = k == pieces.size() - 1 ? Math.max(n, p.endSample()) : p.endSample();
            out[k] = new long[] {p.startSample(), end, Math.round(p.startSeconds() * rate), p.endSample()};
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
     * time and the segments it is checked against are on the recording's time axis (gaps included). Padding
     * carries no label: a window reaching into it is labelled from its real samples.
     */
    public static List<Window> windows(Recording rec, int n, FeatureSpec.Resolved r, LabelPolicy policy) {
        return windows(rec, n, r, policy, null);
    }

    private static List<Window> windows(Recording rec, int n, FeatureSpec.Resolved r, LabelPolicy policy, Tally tally) {
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
        DropReason[] why = new DropReason[1];
        long[][] bounds = pieceBounds(rec, n, rate);
        for (int k = 0; k < bounds.length; k++) {
            int first = (int) bounds[k][0];
            double startSeconds = rec.pieces().get(k).startSeconds();
            for (int at = first; at + win <= bounds[k][1]; at += r.stepSamples()) {
                int labelled = (int) Math.min(win, bounds[k][3] - at); // real (unpadded) samples of the window
                double t0 = startSeconds + (at - first) / rate;
                String label = labelled <= 0 ? null
                        : labelOf(segs, segStart, segEnd, bounds[k][2] + (at - first), labelled, policy, overlap, why);
                if (label != null) {
                    out.add(new Window(at, t0, label));
                } else if (tally != null) {
                    tally.window(labelled <= 0 ? DropReason.OUTSIDE_LABELS : why[0], rec, t0);
                }
            }
        }
        return out;
    }

    /**
     * The label of the window of {@code win} samples at time-axis sample {@code s}, or null (none, ambiguous;
     * the reason in {@code why[0]}).
     */
    private static String labelOf(List<LabelledSegment> segs, long[] segStart, long[] segEnd, long s, int win,
                                  LabelPolicy policy, Map<String, Long> overlap, DropReason[] why) {
        String label = null;
        why[0] = DropReason.OUTSIDE_LABELS;
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
                        why[0] = DropReason.AMBIGUOUS_LABEL;
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

    /** Counts of what was dropped, per reason: recordings touched, windows, the first example. */
    private static final class Tally {
        private final Map<DropReason, int[]> counts = new EnumMap<>(DropReason.class);
        private final Map<DropReason, String> examples = new EnumMap<>(DropReason.class);
        private final Map<DropReason, Recording> last = new EnumMap<>(DropReason.class);

        void recording(DropReason reason, Recording rec) {
            count(reason, rec, 0, name(rec));
        }

        void window(DropReason reason, Recording rec, double t0) {
            count(reason, rec, 1, name(rec) + " at " + FeatureSpec.fmt(round6(t0)) + " s");
        }

        private void count(DropReason reason, Recording rec, int windows, String example) {
            int[] c = counts.computeIfAbsent(reason, x -> new int[2]);
            if (last.get(reason) != rec) {
                c[0]++;
                last.put(reason, rec);
            }
            c[1] += windows;
            examples.putIfAbsent(reason, example);
        }

        private static String name(Recording rec) {
            return rec.sourcePath() == null || rec.sourcePath().getFileName() == null ? String.valueOf(rec.sourcePath())
                    : rec.sourcePath().getFileName().toString();
        }

        List<Extraction.Drop> drops() {
            List<Extraction.Drop> out = new ArrayList<>();
            for (Map.Entry<DropReason, int[]> e : counts.entrySet()) {
                out.add(new Extraction.Drop(e.getKey(), e.getValue()[0], e.getValue()[1], examples.get(e.getKey())));
            }
            return out;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Job(Recording rec, float[][] data, List<Window> windows, double[][] out) {
    }

    /** Resolved spec, channel choice, the kind's family and column names shared by all recordings of one extraction. */
    private static final class Plan {
        final FeatureSpec spec;
        final FeatureSpec.Resolved resolved;
        final FeatureFamily family;
        final List<String> channelNames;
        final List<String> featureNames;
        final int[][] channelIndex;

        Plan(FeatureSpec spec, FeatureSpec.Resolved resolved, FeatureFamily family, List<String> channelNames,
             int[][] channelIndex) {
            this.spec = spec;
            this.resolved = resolved;
            this.family = family;
            this.channelNames = channelNames;
            this.channelIndex = channelIndex;
            this.featureNames = family.featureNames(channelNames);
        }

        /** The selected channels of recording i (mono mix if the family asks), padded if asked; null if too short. */
        float[][] samples(Recording rec, int i) {
            int[] idx = channelIndex[i];
            float[][] data = new float[idx.length][];
            for (int c = 0; c < idx.length; c++) {
                data[c] = rec.channel(idx[c]);
            }
            if (family.mixesToMono()) {
                data = new float[][] {monoMix(data)};
            }
            int win = resolved.windowSamples();
            if (data[0].length < win) {
                if (!spec.padShort()) {
                    return null;
                }
                for (int c = 0; c < data.length; c++) {
                    data[c] = Arrays.copyOf(data[c], win);
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
        FeatureFamily family = FeatureFamily.of(resolved);
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
            } else if (!family.mixesToMono() && !names.equals(chosen)) {
                throw new SpectroganException(rec.sourcePath() + ": channels " + abbreviate(chosen) + " differ from "
                        + first.sourcePath() + "'s " + abbreviate(names) + "; choose common ones with --channels");
            }
        }
        return new Plan(spec, resolved, family, names, idx);
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + "... (" + names.size() + ")";
    }

    private static void compute(Plan plan, List<Job> jobs, int threads) {
        List<int[]> tasks = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            for (int c = 0; c < jobs.get(j).data.length; c++) {
                tasks.add(new int[] {j, c});
            }
        }
        ThreadLocal<FeatureFamily.Workspace> workspace = ThreadLocal.withInitial(plan.family::newWorkspace);
        Consumer<int[]> runTask = t -> {
            Job job = jobs.get(t[0]);
            workspace.get().fill(job.data[t[1]], t[1], job.windows, job.out);
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
}
