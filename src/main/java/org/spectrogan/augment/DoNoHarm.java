package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.ConfusionMatrix;
import org.spectrogan.features.FeatureTable;

/**
 * The do-no-harm check. On a validation part of the TRAIN groups (never the test groups) it compares a classifier
 * trained on the fit part alone with the same classifier trained on the fit part plus synthetic rows, for a ladder
 * of settings from the configured one to tighter gates and smaller amounts. The best setting is kept only when it
 * beats the real-only baseline by more than {@code minGainPoints}; otherwise the pipeline keeps no synthetic rows
 * (unless forced).
 */
public final class DoNoHarm {
    /** Makes synthetic rows: counts per class, seed. Rows carry {@code source=synthetic}. */
    @FunctionalInterface
    public interface Synthesizer {
        FeatureTable synthesize(Map<String, Integer> countsPerClass, long seed);
    }

    /** One setting: a gate level and a share of the planned amount. */
    public record Candidate(QualityGate.Level gate, double amountScale) {
        public String describe() {
            return "gate " + gate.name() + (gate.enabled() ? " (confidence " + gate.confidence() + ", radius p"
                    + fmt(gate.radiusPercentile()) + ")" : "") + ", amount x" + fmt(amountScale);
        }
    }

    /** A setting's validation result: mean balanced accuracy (0..1), gain in points over real only. */
    public record Trial(Candidate candidate, double balancedAccuracy, double gainPoints, double gainLowerPoints,
                        double meanSyntheticRows, double meanDropped) {
    }

    /** The outcome; {@code chosen} is null when nothing helped. */
    public record Decision(double baselineBalancedAccuracy, List<Trial> trials, Trial chosen, boolean helped,
                           int fitRows, int validationRows, String summary) {
    }

    private DoNoHarm() {
    }

    /** The ladder of settings tried: configured gate first, then tighter gates, each at full, half and quarter amount. */
    public static List<Candidate> ladder(PipelineConfig.QualityGate g) {
        List<QualityGate.Level> levels = new ArrayList<>();
        if (g.enabled()) {
            levels.add(new QualityGate.Level("configured", true, g.confidence(), g.radiusPercentile()));
            levels.add(new QualityGate.Level("tight", true, Math.min(g.confidence(), 0.7), Math.min(g.radiusPercentile(), 80)));
            levels.add(new QualityGate.Level("tightest", true, Math.min(g.confidence(), 0.5), Math.min(g.radiusPercentile(), 60)));
        } else {
            levels.add(QualityGate.Level.off());
        }
        List<Candidate> out = new ArrayList<>();
        for (QualityGate.Level l : levels) {
            for (double s : new double[] {1.0, 0.5, 0.25}) {
                out.add(new Candidate(l, s));
            }
        }
        return out;
    }

    /**
     * Runs the check. {@code plannedCounts} is the amount per class at scale 1 (for the fit part's size);
     * {@code repeats} classifier seeds and synthetic draws are averaged.
     */
    public static Decision check(FeatureTable fit, FeatureTable validation, List<String> classNames,
                                 Synthesizer synthesizer, Map<String, Integer> plannedCounts,
                                 List<Candidate> ladder, Classifier judge, int repeats, double minGainPoints, long seed) {
        QualityGate gate = new QualityGate(fit, classNames, judge, seed);
        double base = 0;
        List<String> truth = labels(validation);
        List<String> groups = validation.rows().stream().map(FeatureTable.Row::group).toList();
        double[] baseCorrect = new double[validation.size()];
        for (int r = 0; r < repeats; r++) {
            base += score(judge, fit, validation, seed + 1000L * r, baseCorrect, repeats) / repeats;
        }
        List<FeatureTable> pools = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            pools.add(synthesizer.synthesize(plannedCounts, seed + 7919L * (r + 1)));
        }
        List<Trial> trials = new ArrayList<>();
        Map<String, QualityGate.Result[]> gatedByLevel = new TreeMap<>();
        for (Candidate c : ladder) {
            QualityGate.Result[] gated = gatedByLevel.computeIfAbsent(c.gate().name(), k -> {
                QualityGate.Result[] g = new QualityGate.Result[repeats];
                for (int r = 0; r < repeats; r++) {
                    g[r] = gate.apply(pools.get(r), c.gate());
                }
                return g;
            });
            double acc = 0;
            double rows = 0;
            double dropped = 0;
            double[] correct = new double[validation.size()];
            for (int r = 0; r < repeats; r++) {
                FeatureTable synth = takePerClass(gated[r].kept(), plannedCounts, c.amountScale());
                acc += score(judge, fit.concat(synth), validation, seed + 1000L * r, correct, repeats) / repeats;
                rows += synth.size() / (double) repeats;
                dropped += gated[r].dropped() / (double) repeats;
            }
            // the more cautious of two guards: resampling groups (rows of one recording are not independent) and
            // resampling rows (with two or three groups the group bootstrap alone has too few distinct draws)
            double lower = Math.min(bootstrapLowerGain(truth, groups, baseCorrect, correct, seed),
                    bootstrapLowerGain(truth, java.util.Collections.nCopies(truth.size(), ""), baseCorrect, correct, seed));
            trials.add(new Trial(c, acc, 100 * (acc - base), lower, rows, dropped));
        }
        Trial best = null;
        for (Trial t : trials) {
            if (t.meanSyntheticRows() > 0 && (best == null || t.gainPoints() > best.gainPoints() + 1e-12)) {
                best = t;
            }
        }
        // the best of several settings on a small validation part is optimistic: the gain must also hold on
        // resamples of the validation groups and of its rows (10th percentiles of both bootstrap gains above zero)
        boolean helped = best != null && best.gainPoints() > minGainPoints && best.gainLowerPoints() > 0;
        String summary = helped
                ? String.format("synthetic rows helped on the validation groups: balanced accuracy %.1f%% -> %.1f%% (%+.1f points, bootstrap 10th percentile %+.1f) with %s",
                        100 * base, 100 * best.balancedAccuracy(), best.gainPoints(), best.gainLowerPoints(), best.candidate().describe())
                : String.format("synthetic rows did not help on the validation groups: real only %.1f%%, best setting %s",
                        100 * base, best == null ? "none (the gate dropped every row)"
                                : String.format("%s gave %.1f%% (%+.1f points, bootstrap 10th percentile %+.1f: not clearly above zero)", best.candidate().describe(),
                                        100 * best.balancedAccuracy(), best.gainPoints(), best.gainLowerPoints()));
        return new Decision(base, trials, helped ? best : null, helped, fit.size(), validation.size(), summary);
    }

    /** The first round(scale x planned) rows of each class (rows are i.i.d. draws, so the prefix is a random subset). */
    static FeatureTable takePerClass(FeatureTable t, Map<String, Integer> planned, double scale) {
        Map<String, Integer> left = new TreeMap<>();
        for (var e : planned.entrySet()) {
            left.put(e.getKey(), (int) Math.round(e.getValue() * scale));
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            int n = left.getOrDefault(r.label(), 0);
            if (n > 0) {
                out.add(r);
                left.put(r.label(), n - 1);
            }
        }
        return new FeatureTable(t.featureNames(), out);
    }

    static double score(Classifier judge, FeatureTable train, FeatureTable validation, long seed, double[] correct, int repeats) {
        Classifier.Fitted m = judge.fit(train, seed);
        String[] truth = labels(validation).toArray(new String[0]);
        String[] pred = m.predict(validation);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].equals(pred[i])) {
                correct[i] += 1.0 / repeats;
            }
        }
        return ConfusionMatrix.of(truth, pred).balancedAccuracy();
    }

    /**
     * The 10th percentile of the balanced-accuracy gain (points) over bootstrap resamples of the validation
     * <em>groups</em> (recordings, subjects, time blocks: each resample draws as many groups as there are, with
     * replacement, and takes all their rows), from per-row correctness (averaged over repeats) with and without
     * synthetic rows. Rows of one group are not independent (neighbouring windows of one recording), so
     * resampling rows would make a gain on one group look like a gain on many. With one group only, the rows are
     * resampled.
     */
    static double bootstrapLowerGain(List<String> truth, List<String> groups, double[] base, double[] with, long seed) {
        int n = truth.size();
        List<String> classes = new ArrayList<>(new java.util.TreeSet<>(truth));
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = classes.indexOf(truth.get(i));
        }
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byGroup.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);
        }
        List<int[]> units = new ArrayList<>();
        if (byGroup.size() > 1) {
            for (List<Integer> rows : byGroup.values()) {
                units.add(rows.stream().mapToInt(Integer::intValue).toArray());
            }
        } else {
            for (int i = 0; i < n; i++) {
                units.add(new int[] {i});
            }
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int b = 1000;
        double[] gains = new double[b];
        for (int r = 0; r < b; r++) {
            double[] sumBase = new double[classes.size()];
            double[] sumWith = new double[classes.size()];
            int[] count = new int[classes.size()];
            for (int u = 0; u < units.size(); u++) {
                for (int i : units.get(rnd.nextInt(units.size()))) {
                    sumBase[cls[i]] += base[i];
                    sumWith[cls[i]] += with[i];
                    count[cls[i]]++;
                }
            }
            double g = 0;
            int present = 0;
            for (int c = 0; c < classes.size(); c++) {
                if (count[c] > 0) {
                    g += (sumWith[c] - sumBase[c]) / count[c];
                    present++;
                }
            }
            gains[r] = 100 * g / Math.max(1, present);
        }
        java.util.Arrays.sort(gains);
        return gains[(int) (0.10 * b)];
    }

    static List<String> labels(FeatureTable t) {
        List<String> y = new ArrayList<>(t.size());
        for (FeatureTable.Row r : t.rows()) {
            y.add(r.label());
        }
        return y;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
