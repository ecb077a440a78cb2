package org.spectrogan.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanModel;

/**
 * Synthetic participants from a participant-conditioned generator: the GAN is trained on single trials labelled
 * with a code per class and participant ({@link #code}), so it learns each training participant's own trial
 * distribution rather than the class's pooled one. A synthetic participant of a class is the average of N trials
 * generated with one code:
 * <ul>
 *   <li>{@code participant}: the code of one real training participant of the class (the participants taken in a
 *       shuffled round robin);</li>
 *   <li>{@code participantMix}: a random convex mix {@code w e_a + (1 - w) e_b} of two distinct training participants'
 *       codes of the class, w uniform on [0, 1] ({@link GanModel#generateMix}; with the embedding conditioning the
 *       same mix of their embeddings): a new participant between two real ones.</li>
 * </ul>
 * Averaging N trials of a class-only generator converges to the class mean, so every such synthetic participant
 * looks like the grand average; with a participant code the average converges to the generator's picture of that
 * participant (or of a point between two), which carries the between-participant spread the generator learnt.
 * With one participant of a class, both spreads use that participant's code.
 */
public final class ParticipantCodes {
    /** N trials generated with one real participant's code. */
    public static final String PARTICIPANT = "participant";
    /** N trials generated with a random convex mix of two participants' codes. */
    public static final String PARTICIPANT_MIX = "participantMix";
    /** The spreads that need a participant-conditioned generator. */
    public static final List<String> NAMES = List.of(PARTICIPANT, PARTICIPANT_MIX);
    /** Between class and participant in a code (a control character, so no class or group name holds it). */
    static final char SEPARATOR = '\u001F';

    private ParticipantCodes() {
    }

    /** The generator's class for {@code label}'s trials of participant {@code group}. */
    public static String code(String label, String group) {
        return label + SEPARATOR + group;
    }

    /** {@code rows} with every label replaced by its class and participant code (groups and values kept). */
    public static FeatureTable coded(FeatureTable rows) {
        List<FeatureTable.Row> out = new ArrayList<>(rows.size());
        for (FeatureTable.Row r : rows.rows()) {
            out.add(new FeatureTable.Row(code(r.label(), r.group()), r.group(), r.source(), r.t0(), r.values()));
        }
        return new FeatureTable(rows.featureNames(), out);
    }

    /** The codes of {@code rows}, sorted (the generator's class list). */
    public static List<String> codes(FeatureTable rows) {
        TreeSet<String> c = new TreeSet<>();
        for (FeatureTable.Row r : rows.rows()) {
            c.add(code(r.label(), r.group()));
        }
        return List.copyOf(c);
    }

    /**
     * Up to {@code perClass} synthetic participants of each class of {@code classNames} that {@code realRows} holds,
     * each the average of {@code trialsPerAverage} trials of {@code model} (trained on {@link #coded} rows of
     * {@code realRows}) for one code ({@code participant}) or a mix of two ({@code participantMix}), drawn with
     * {@code seed}. Groups "synthetic-CLASS-i"; the calibration per class is {@link ParticipantSpread}'s, with the
     * synthetic trial variance of the first participant's trials.
     */
    public static ParticipantSpread.Made participants(String spread, GanModel model, FeatureTable realRows,
                                                      List<String> classNames, int trialsPerAverage, int perClass, long seed) {
        if (!NAMES.contains(spread)) {
            throw new IllegalArgumentException("unknown participant spread '" + spread + "'; use " + String.join(", ", NAMES));
        }
        Map<String, TreeSet<String>> groupsByClass = new TreeMap<>();
        for (FeatureTable.Row r : realRows.rows()) {
            groupsByClass.computeIfAbsent(r.label(), k -> new TreeSet<>()).add(r.group());
        }
        Random rnd = new Random(seed);
        int d = realRows.featureCount();
        List<FeatureTable.Row> out = new ArrayList<>();
        Map<String, ParticipantSpread.Calibration> calibration = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            String label = classNames.get(c);
            if (!groupsByClass.containsKey(label)) {
                continue;
            }
            List<String> groups = new ArrayList<>(groupsByClass.get(label));
            java.util.Collections.shuffle(groups, rnd);
            double trialVariance = Double.NaN;
            for (int i = 0; i < perClass; i++) {
                long trialSeed = seed * 31 + c * 1_000_003L + i;
                double[][] trials;
                if (spread.equals(PARTICIPANT) || groups.size() < 2) {
                    trials = model.generate(code(label, groups.get(i % groups.size())), trialsPerAverage, trialSeed);
                } else {
                    int a = rnd.nextInt(groups.size());
                    int b = rnd.nextInt(groups.size() - 1);
                    b = b >= a ? b + 1 : b;
                    double w = rnd.nextDouble();
                    Map<String, Double> mix = new LinkedHashMap<>();
                    mix.put(code(label, groups.get(a)), w);
                    mix.put(code(label, groups.get(b)), 1 - w);
                    trials = model.generateMix(mix, trialsPerAverage, trialSeed);
                }
                if (i == 0 && trials.length >= 2) {
                    trialVariance = ParticipantSpread.sumOfVariances(List.of(trials), d);
                }
                out.add(new FeatureTable.Row(label, "synthetic-" + label + "-" + i, FeatureTable.SYNTHETIC, 0.0, mean(trials, d)));
            }
            calibration.put(label, ParticipantSpread.calibrate(ParticipantSpread.decompose(realRows, label), trialVariance,
                    trialsPerAverage));
        }
        return new ParticipantSpread.Made(new FeatureTable(realRows.featureNames(), out), calibration);
    }

    private static double[] mean(double[][] rows, int d) {
        double[] m = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                m[j] += r[j] / rows.length;
            }
        }
        return m;
    }
}
