package org.spectrogan.augment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.augment.augmenters.Augmenter;
import org.spectrogan.augment.augmenters.Augmenters;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Summary;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingListener;

/**
 * The participant-averaged protocol ({@code evaluation.protocol: averaged}): the classifier sees one averaged
 * example per group and class (an ERP per participant and condition). The test participants are fixed (the
 * split's test groups); a training pool of {@code poolParticipants} is drawn once from the train groups; every
 * repeat draws {@code P} training participants anew from the pool for each count P of
 * {@code trainParticipants}. Arms, all on the same draw and the same test averages:
 * <ul>
 *   <li>{@code real}: the P participants' averages only;</li>
 *   <li>{@code gan}: plus k synthetic participants per class, each the average of N GAN trials, the GAN trained on
 *       the P participants' single trials (N = the median number of real trials per participant and class of the
 *       draw, k = round(syntheticRatio x P), at least 1);</li>
 *   <li>{@code oversample}, {@code noise}: k participant averages per class from the augmenter applied to the real
 *       averages (participant oversampling; Gaussian noise on averages);</li>
 *   <li>any other augmenter of {@link Augmenters}: like the GAN, k averages of N trials the augmenter made from the
 *       single trials.</li>
 * </ul>
 * How much the synthetic participants made from trials vary is {@code syntheticSpread} ({@link ParticipantSpread}:
 * pooled, matched or offset, calibrated on the draw's training participants only); the first spread makes the
 * {@code gan} arm and the trial-level baselines' participants, every further one adds an arm {@code gan:SPREAD} on
 * the same GAN trials (to compare spreads side by side). {@code oversample} and {@code noise} act on real averages,
 * which have the real spread already. The spreads {@code participant} and {@code participantMix} ({@link ParticipantCodes},
 * h13h) come from a second GAN of the draw, trained on the same trials with one code per class and participant; it is
 * trained only when one of them is listed, and the trial-level baselines then take the first spread of
 * {@link ParticipantSpread#NAMES} listed (pooled when none is).
 * Accuracy is on the test averages (one per test participant and class); the gain of an arm is the paired
 * difference to {@code real} over the repeats.
 */
public final class AveragedProtocol {
    /** The arm without synthetic participants. */
    public static final String REAL = "real";
    /** The arm with GAN participants. */
    public static final String GAN = "gan";
    /** Augmenters that act on participant averages, not on single trials. */
    static final Set<String> PARTICIPANT_LEVEL = Set.of("oversample", "noise");

    /** One classifier, participant count and arm: accuracy (0..1) and the paired gain over real (0..1, shown in points). */
    public record Cell(String classifier, int trainParticipants, String arm, Summary accuracy, Summary gainOverReal) {
    }

    /**
     * One repeat's draw: its training participants, the synthetic participants per class each arm added and, per
     * class, the calibration of the GAN's synthetic participants (empty when skipped); {@code syntheticVariance}
     * (h13h), per arm and class, the variance of that arm's synthetic participants (summed over the features, as the
     * calibration's participantVariance of the real ones), to see which construction carries the real spread.
     * {@code gans}: the draw's GANs (the class GAN, and the participant-code GAN when one of its spreads is listed)
     * with the step each kept (report.json also lists them in {@code extra.ganSelection.gans}, role {@code draw}).
     */
    public record Draw(int trainParticipants, int repeat, Set<String> participants, int trialsPerAverage,
                       int syntheticPerClass, String skipped, Map<String, ParticipantSpread.Calibration> calibration,
                       Map<String, Map<String, Double>> syntheticVariance, List<GanSettings.ChosenStep> gans) {
        public Draw {
            gans = List.copyOf(gans);
        }
    }

    /** What the protocol measured, in report.json under {@code averagedProtocol}. */
    public record Result(Set<String> testParticipants, Set<String> pool, int testAverages, List<String> arms,
                         List<Draw> draws, List<Cell> cells) {
    }

    /** The protocol's settings (from {@code evaluation.averaged}). */
    public record Settings(List<Integer> trainParticipants, int poolParticipants, double syntheticRatio,
                           List<String> baselines, int repeats, long seed, int firstRepeat, List<String> syntheticSpread) {
        public Settings {
            syntheticSpread = syntheticSpread == null ? List.of(ParticipantSpread.POOLED) : List.copyOf(syntheticSpread);
            if (syntheticSpread.isEmpty() || !ParticipantSpread.ALL.containsAll(syntheticSpread)) {
                throw new IllegalArgumentException("syntheticSpread must name " + ParticipantSpread.ALL_TEXT + ", got " + syntheticSpread);
            }
        }

        /** The pooled spread. */
        public Settings(List<Integer> trainParticipants, int poolParticipants, double syntheticRatio,
                        List<String> baselines, int repeats, long seed, int firstRepeat) {
            this(trainParticipants, poolParticipants, syntheticRatio, baselines, repeats, seed, firstRepeat, null);
        }

        /** From repeat 0, the pooled spread. */
        public Settings(List<Integer> trainParticipants, int poolParticipants, double syntheticRatio,
                        List<String> baselines, int repeats, long seed) {
            this(trainParticipants, poolParticipants, syntheticRatio, baselines, repeats, seed, 0);
        }
    }

    private final Settings settings;
    private final GanSettings.Trainer trainer;
    private final GanConfig ganConfig;
    private final List<String> classNames;
    private final List<Classifier> classifiers;
    private final Map<String, String> inputHashes;

    public AveragedProtocol(Settings settings, GanSettings.Trainer trainer, GanConfig ganConfig, List<String> classNames,
                            List<Classifier> classifiers, Map<String, String> inputHashes) {
        this.settings = settings;
        this.trainer = trainer;
        this.ganConfig = ganConfig;
        this.classNames = classNames;
        this.classifiers = classifiers;
        this.inputHashes = inputHashes;
    }

    /** One row per group and class: the mean of that group's rows of that class (group kept, source real, t0 0). */
    public static FeatureTable averages(FeatureTable rows) {
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, Integer> n = new TreeMap<>();
        Map<String, String[]> keyParts = new TreeMap<>();
        for (FeatureTable.Row r : rows.rows()) {
            String key = r.group() + "\u0000" + r.label();
            double[] s = sums.computeIfAbsent(key, k -> new double[r.values().length]);
            for (int j = 0; j < s.length; j++) {
                s[j] += r.values()[j];
            }
            n.merge(key, 1, Integer::sum);
            keyParts.putIfAbsent(key, new String[] {r.group(), r.label()});
        }
        List<FeatureTable.Row> out = new ArrayList<>();
        for (var e : sums.entrySet()) {
            double[] s = e.getValue();
            int c = n.get(e.getKey());
            for (int j = 0; j < s.length; j++) {
                s[j] /= c;
            }
            String[] p = keyParts.get(e.getKey());
            out.add(new FeatureTable.Row(p[1], p[0], FeatureTable.REAL, 0.0, s));
        }
        return new FeatureTable(rows.featureNames(), out);
    }

    /** The median number of rows per group and class (the lower middle value for an even count), at least 1. */
    public static int medianTrialsPerGroupClass(FeatureTable rows) {
        Map<String, Integer> n = new TreeMap<>();
        for (FeatureTable.Row r : rows.rows()) {
            n.merge(r.group() + "\u0000" + r.label(), 1, Integer::sum);
        }
        List<Integer> v = new ArrayList<>(n.values());
        Collections.sort(v);
        return v.isEmpty() ? 1 : Math.max(1, v.get((v.size() - 1) / 2));
    }

    /** The training pool: {@code size} of the train groups, drawn with {@code seed} (sorted). Throws when too few. */
    public static Set<String> pool(FeatureTable train, int size, long seed, Path pipelineFile) {
        List<String> groups = new ArrayList<>(new TreeSet<>(train.rows().stream().map(FeatureTable.Row::group).toList()));
        if (groups.size() < size) {
            throw SpectroganException.inFile(pipelineFile, "evaluation.averaged.poolParticipants is " + size
                    + " participants, but the train part has only " + groups.size() + " groups");
        }
        Collections.shuffle(groups, new Random(seed));
        return new TreeSet<>(groups.subList(0, size));
    }

    /**
     * One text line per classifier and participant count: every arm's accuracy and, for the augmented arms, the
     * paired gain over real in points with its interval.
     */
    public static List<String> lines(Result r) {
        List<String> out = new ArrayList<>();
        Map<String, StringBuilder> byKey = new LinkedHashMap<>();
        for (Cell c : r.cells()) {
            StringBuilder b = byKey.computeIfAbsent(c.classifier() + ", " + c.trainParticipants() + " training participants:",
                    k -> new StringBuilder(k));
            b.append(' ').append(c.arm()).append(' ').append(c.accuracy().percentText());
            if (c.gainOverReal() != null) {
                b.append(" (").append(c.gainOverReal().pointsText()).append(" points)");
            }
            b.append(';');
        }
        for (StringBuilder b : byKey.values()) {
            out.add("averaged protocol, " + b.substring(0, b.length() - 1));
        }
        return out;
    }

    /** The arms in report order. */
    public List<String> arms() {
        List<String> arms = new ArrayList<>(List.of(REAL, GAN));
        for (String spread : settings.syntheticSpread().subList(1, settings.syntheticSpread().size())) {
            arms.add(GAN + ":" + spread);
        }
        arms.addAll(settings.baselines());
        return arms;
    }

    /**
     * Runs the protocol: {@code train} the train groups' single trials, {@code test} the fixed test groups'.
     * {@code tick} hears one line per draw as it finishes (from the worker that ran it).
     */
    public Result run(FeatureTable train, FeatureTable test, Path pipelineFile, java.util.function.Consumer<String> tick) {
        FeatureTable testAvg = averages(test);
        double[][] testX = testAvg.matrix();
        String[] testY = testAvg.rows().stream().map(FeatureTable.Row::label).toArray(String[]::new);
        Set<String> pool = pool(train, settings.poolParticipants(), settings.seed() + 41, pipelineFile);
        Set<String> testGroups = new TreeSet<>(test.rows().stream().map(FeatureTable.Row::group).toList());
        List<String> arms = arms();
        // accuracy[classifier][count][arm] -> per repeat
        Map<String, Map<Integer, Map<String, List<Double>>>> acc = new LinkedHashMap<>();
        List<Draw> draws = new ArrayList<>();
        List<int[]> keys = new ArrayList<>();
        for (int p : settings.trainParticipants()) {
            for (int rep = settings.firstRepeat(); rep < settings.firstRepeat() + settings.repeats(); rep++) {
                keys.add(new int[] {p, rep});
            }
        }
        // every draw on its own seed (its GAN included): independent, so on the cores; merged in the serial order.
        // Each draw is told as it finishes: a draw trains a GAN, so the protocol takes a while
        int[] finished = new int[1];
        List<Object[]> done = org.spectrogan.common.Workers.indexed(keys.size(), i -> {
            Object[] d = draw(keys.get(i), pool, train, arms, testX, testY);
            Draw draw = (Draw) d[0];
            // counted and told under one lock, so the lines come in the order of their counts
            synchronized (finished) {
                tick.accept("averaged protocol: " + draw.trainParticipants() + " training participants, repeat "
                        + (draw.repeat() + 1 - settings.firstRepeat()) + "/" + settings.repeats() + " ("
                        + ++finished[0] + " of " + keys.size() + " draws done)");
            }
            return d;
        });
        for (Object[] d : done) {
            Draw draw = (Draw) d[0];
            draws.add(draw);
            if (d[1] == null) {
                continue;
            }
            double[] right = (double[]) d[1];
            int cell = 0;
            for (Classifier c : classifiers) {
                for (String arm : arms) {
                    acc.computeIfAbsent(c.name(), x -> new TreeMap<>()).computeIfAbsent(draw.trainParticipants(), x -> new LinkedHashMap<>())
                            .computeIfAbsent(arm, x -> new ArrayList<>()).add(right[cell++]);
                }
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (var ec : acc.entrySet()) {
            for (var ep : ec.getValue().entrySet()) {
                double[] real = ep.getValue().get(REAL).stream().mapToDouble(Double::doubleValue).toArray();
                for (String arm : arms) {
                    double[] a = ep.getValue().get(arm).stream().mapToDouble(Double::doubleValue).toArray();
                    cells.add(new Cell(ec.getKey(), ep.getKey(), arm, Summary.of(a, 0, 1),
                            arm.equals(REAL) ? null : Summary.pairedDifference(real, a, -1, 1)));
                }
            }
        }
        return new Result(testGroups, pool, testAvg.size(), arms, draws, cells);
    }

    /**
     * One draw {@code key} = (P, repeat): its participants, its arm tables (its GAN trained here) and every
     * classifier and arm's accuracy on the test averages, as {Draw, accuracies} (accuracies null when skipped).
     */
    private Object[] draw(int[] key, Set<String> pool, FeatureTable train, List<String> arms, double[][] testX, String[] testY) {
        int p = key[0];
        int rep = key[1];
        long seed = Pipeline.mixSeeds(settings.seed() * 1_000L + p * 7919L + rep, 1_000_003L);
        List<String> order = new ArrayList<>(pool);
        Collections.shuffle(order, new Random(seed));
        Set<String> chosen = new TreeSet<>(order.subList(0, p));
        FeatureTable rows = train.filter(r -> chosen.contains(r.group()));
        int n = medianTrialsPerGroupClass(rows);
        int k = Math.max(1, (int) Math.round(settings.syntheticRatio() * p));
        if (rows.labels().size() < classNames.size()) {
            return new Object[] {new Draw(p, rep, chosen, n, k, "a class is missing from these participants", Map.of(), Map.of(),
                    List.of()), null};
        }
        Arms made = arms(rows, n, k, seed);
        List<GanSettings.ChosenStep> gans = made.gans().stream().map(g -> g.asDraw(p, rep)).toList();
        Map<String, FeatureTable> armRows = made.tables();
        double[] right = new double[classifiers.size() * arms.size()];
        int cell = 0;
        for (Classifier c : classifiers) {
            for (String arm : arms) {
                String[] pred = c.fit(armRows.get(arm), seed).predict(testX);
                int hits = 0;
                for (int j = 0; j < pred.length; j++) {
                    hits += pred[j].equals(testY[j]) ? 1 : 0;
                }
                right[cell++] = (double) hits / pred.length;
            }
        }
        return new Object[] {new Draw(p, rep, chosen, n, k, null, made.calibration(), made.syntheticVariance(), gans), right};
    }

    /** Every arm's training table for one draw, the calibration of its GAN participants per class and its GANs. */
    record Arms(Map<String, FeatureTable> tables, Map<String, ParticipantSpread.Calibration> calibration,
                List<GanSettings.ChosenStep> gans) {
        /** Per arm with synthetic participants and per class: their variance summed over the features (NaN below two). */
        Map<String, Map<String, Double>> syntheticVariance() {
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            for (var e : tables.entrySet()) {
                Map<String, List<double[]>> byClass = new TreeMap<>();
                for (FeatureTable.Row r : e.getValue().rows()) {
                    if (FeatureTable.SYNTHETIC.equals(r.source())) {
                        byClass.computeIfAbsent(r.label(), x -> new ArrayList<>()).add(r.values());
                    }
                }
                if (!byClass.isEmpty()) {
                    Map<String, Double> v = new TreeMap<>();
                    byClass.forEach((c, rows) -> v.put(c, rows.size() < 2 ? Double.NaN
                            : ParticipantSpread.sumOfVariances(rows, rows.get(0).length)));
                    out.put(e.getKey(), v);
                }
            }
            return out;
        }
    }

    /** The training table of every arm for one draw: real averages, plus k synthetic participants per class. */
    Map<String, FeatureTable> armTables(FeatureTable rows, int trialsPerAverage, int perClass, long seed) {
        return arms(rows, trialsPerAverage, perClass, seed).tables();
    }

    /** {@link #armTables} with the calibration of the GAN's participants (the first spread's). */
    Arms arms(FeatureTable rows, int trialsPerAverage, int perClass, long seed) {
        FeatureTable realAvg = averages(rows);
        Map<String, FeatureTable> out = new LinkedHashMap<>();
        out.put(REAL, realAvg);
        Map<String, Integer> trialCounts = new TreeMap<>();
        Map<String, Integer> avgCounts = new TreeMap<>();
        for (String c : classNames) {
            trialCounts.put(c, perClass * trialsPerAverage);
            avgCounts.put(c, perClass);
        }
        List<String> spreads = settings.syntheticSpread();
        boolean classGan = spreads.stream().anyMatch(ParticipantSpread.NAMES::contains);
        boolean participantGan = spreads.stream().anyMatch(ParticipantCodes.NAMES::contains);
        List<GanSettings.ChosenStep> gans = new ArrayList<>();
        FeatureTable ganTrials = classGan ? ganTrials(rows, trialCounts, seed, gans) : null;
        // the offsets' own seed, the same for every spread and arm of this draw
        long spreadSeed = Pipeline.mixSeeds(seed, 0x5B2EADL);
        Map<String, ParticipantSpread.Calibration> calibration = null;
        Map<String, ParticipantSpread.Made> made = new LinkedHashMap<>();
        for (String spread : spreads) {
            if (ParticipantSpread.NAMES.contains(spread)) {
                made.put(spread, ParticipantSpread.participants(spread, ganTrials, rows, trialsPerAverage, perClass, spreadSeed));
            }
        }
        if (participantGan) {
            withGan(ParticipantCodes.coded(rows), ParticipantCodes.codes(rows), seed, gans, model -> {
                for (String spread : spreads) {
                    if (ParticipantCodes.NAMES.contains(spread)) {
                        made.put(spread, ParticipantCodes.participants(spread, model, rows, classNames, trialsPerAverage, perClass,
                                spreadSeed));
                    }
                }
                return null;
            });
        }
        for (int i = 0; i < spreads.size(); i++) {
            ParticipantSpread.Made m = made.get(spreads.get(i));
            out.put(i == 0 ? GAN : GAN + ":" + spreads.get(i), realAvg.concat(m.participants()));
            calibration = i == 0 ? m.calibration() : calibration;
        }
        String trialSpread = spreads.stream().filter(ParticipantSpread.NAMES::contains).findFirst().orElse(ParticipantSpread.POOLED);
        for (String name : settings.baselines()) {
            Augmenter a = Augmenters.byName(name);
            FeatureTable synth = PARTICIPANT_LEVEL.contains(name)
                    ? a.synthesize(realAvg, avgCounts, seed)
                    : ParticipantSpread.participants(trialSpread, a.synthesize(rows, trialCounts, seed), rows, trialsPerAverage,
                            perClass, spreadSeed).participants();
            out.put(name, realAvg.concat(synth));
        }
        return new Arms(out, calibration, gans);
    }

    /** GAN trials of each class: a GAN trained on {@code rows} in a scratch folder (deleted afterwards). */
    private FeatureTable ganTrials(FeatureTable rows, Map<String, Integer> counts, long seed, List<GanSettings.ChosenStep> gans) {
        return withGan(rows, classNames, seed, gans, model -> GanSettings.generate(model, rows.featureNames(), counts, seed + 1));
    }

    /**
     * {@code use} applied to a GAN trained on {@code rows} with the classes {@code ganClasses} (the draw's GAN
     * settings and seed) in a scratch folder, deleted afterwards. Under {@code selectBy: quality} the GAN trains on
     * {@link GanSettings#qualityRows} of {@code rows} (a quarter of the draw's participants held out to score its
     * snapshots, judged by the first classifier, as the written dataset's GAN). The GAN and the step it kept join
     * {@code gans}.
     */
    private <T> T withGan(FeatureTable rows, List<String> ganClasses, long seed, List<GanSettings.ChosenStep> gans,
                          java.util.function.Function<GanModel, T> use) {
        GanConfig gc = ganConfig.toBuilder().optSeed(Pipeline.mixSeeds(seed, ganConfig.seed())).build();
        GanSettings.QualityRows q = gc.selectBy() == GanConfig.SelectBy.QUALITY
                ? GanSettings.qualityRows(rows, ganClasses, classifiers.get(0), gc.seed()) : null;
        Path dir;
        try {
            dir = Files.createTempDirectory("spectrogan-averaged-gan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (GanModel model = q == null
                ? trainer.train(GanSettings.trainingSet(rows, ganClasses, inputHashes), gc, dir, TrainingListener.NONE)
                : trainer.train(GanSettings.trainingSet(q.gan(), ganClasses, inputHashes), gc, dir, TrainingListener.NONE, q.scorer())) {
            gans.add(GanSettings.ChosenStep.of(model, null, q == null ? rows.size() : q.gan().size()));
            return use.apply(model);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }
}
