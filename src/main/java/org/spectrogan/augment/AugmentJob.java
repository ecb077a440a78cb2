package org.spectrogan.augment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.Hashing;
import org.spectrogan.common.Provenance;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.Evaluation;
import org.spectrogan.evaluate.Fidelity;
import org.spectrogan.evaluate.GainEvaluation;
import org.spectrogan.evaluate.Metric;
import org.spectrogan.evaluate.Plots;
import org.spectrogan.evaluate.Report;
import org.spectrogan.evaluate.ReportWriter;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureTable;

/**
 * {@code spectrogan augment}: loads the pipeline's rows, runs the {@link Pipeline}, and writes the output folder
 * atomically (built under a temporary name beside it and moved into place at the end; an existing folder is an
 * error unless overwrite is asked for).
 */
public final class AugmentJob {
    public static final String DATASET = "dataset.csv";
    public static final String SYNTHETIC = "synthetic.csv";
    public static final String TEST = "test.csv";
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model";
    public static final String LOSS_PLOT = "loss.png";
    public static final String AUDIO = "audio";
    /** With --quick, larger datasets are cut to about this many rows (stratified by class and group). */
    public static final int QUICK_MAX_ROWS = PipelineConfig.QUICK_MAX_ROWS;

    /** Reads the pipeline's recordings and makes its feature rows. */
    public interface Loader {
        Loaded load(PipelineConfig cfg);

        /** Checks the pipeline's reading and feature settings before any recording is read. */
        default void validate(PipelineConfig cfg) {
        }
    }

    /**
     * The real rows with their window length (for time blocks), the input files (for hashes) and, for audio
     * pipelines, a renderer of feature rows back to sound (null for EEG).
     */
    public record Loaded(FeatureTable rows, double windowSeconds, List<Path> inputFiles, AudioRenderer renderer,
                         FeatureMeta meta, Dropped dropped) {
        public Loaded {
            dropped = dropped == null ? Dropped.NONE : dropped;
        }

        /** Rows from a loader that reports no drops. */
        public Loaded(FeatureTable rows, double windowSeconds, List<Path> inputFiles, AudioRenderer renderer, FeatureMeta meta) {
            this(rows, windowSeconds, inputFiles, renderer, meta, Dropped.NONE);
        }

        /** Without feature metadata (table inputs, tests): the CSVs get no .meta.json and the npz no X_shaped. */
        public Loaded(FeatureTable rows, double windowSeconds, List<Path> inputFiles, AudioRenderer renderer) {
            this(rows, windowSeconds, inputFiles, renderer, null, Dropped.NONE);
        }
    }

    /** Writes feature rows as WAV files into a folder (audio pipelines). */
    @FunctionalInterface
    public interface AudioRenderer {
        List<Path> render(FeatureTable rows, Path dir);
    }

    /** What the command prints at the end. */
    public record Summary(Path outDir, Path reportMarkdown, String headline, List<String> lines) {
    }

    /**
     * report.json's {@code extra}: the folds (K-fold split only), the written dataset's split groups, quality-gate
     * counts and do-no-harm decision, the sweep subsets' synthesis logs (when a sweep ran) and the rendered WAVs.
     */
    public record Details(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Pipeline.Fold> folds, Pipeline.Groups split,
                          @JsonInclude(JsonInclude.Include.NON_NULL) AveragedProtocol.Result averagedProtocol,
                          Pipeline.GateCounts qualityGate, Pipeline.Decision doNoHarm,
                          Pipeline.DatasetContents datasetContents,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Pipeline.AugmenterArm> augmenters,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<org.spectrogan.evaluate.LowDataSweep.Point> ceilingAtAdmitted,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SyntheticRows.Log> sweepDoNoHarm,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> audio,
                          GanSettings.Selection ganSelection) {
    }

    private final PipelineConfig cfg;
    private final Pipeline.Budget budget;
    private final Loader loader;
    private final GanSettings.Trainer trainer;
    private final Progress progress;

    public AugmentJob(PipelineConfig cfg, Pipeline.Budget budget, Loader loader, GanSettings.Trainer trainer, Progress progress) {
        this.cfg = cfg.under(budget);
        this.budget = budget;
        this.loader = loader;
        this.trainer = trainer;
        this.progress = progress;
    }

    /** Reads, validates, and prepares the real rows (time blocks, class subset); no GAN yet. */
    public Loaded prepare() {
        Loaded loaded = loader.load(cfg);
        Dropped dropped = loaded.dropped();
        FeatureTable rows = Pipeline.selectClasses(loaded.rows(), cfg.classes(), cfg.file());
        dropped = dropped.withRows("classesNotInPipeline", loaded.rows().size() - rows.size());
        int before = rows.size();
        rows = GroupSplit.timeBlocks(rows, cfg.split().blockSeconds(), loaded.windowSeconds(), cfg.split().blocksAcrossRecordings());
        dropped = dropped.withRows("acrossTimeBlockEdges", before - rows.size());
        rows = FeatureSmoothing.apply(rows, cfg.smoothingWindows());
        if (cfg.maxRows() > 0 && rows.size() > cfg.maxRows()) {
            // a smoke-test budget: a stratified share (by class and group) of the rows
            before = rows.size();
            rows = org.spectrogan.evaluate.Subsampling.stratified(rows, cfg.maxRows() / (double) rows.size(), cfg.split().seed());
            dropped = dropped.withRows("quickRowCap", before - rows.size());
        }
        Pipeline.validateBeforeWork(rows, cfg);
        return new Loaded(rows, loaded.windowSeconds(), loaded.inputFiles(), loaded.renderer(), loaded.meta(), dropped);
    }

    /** Runs the whole job into {@code outDir}. */
    public Summary run(Path outDir, boolean overwrite) {
        Path out = outDir.toAbsolutePath().normalize();
        AtomicFiles.requireReplaceableFolder(out, overwrite);
        loader.validate(cfg);
        progress.stage("reading " + cfg.dataPath() + " and extracting features");
        Loaded loaded = prepare();
        for (String line : loaded.dropped().lines()) {
            progress.note(line);
        }
        Path tmp = AtomicFiles.createTemporaryFolderBeside(out, "augment " + cfg.file());
        boolean done = false;
        try {
            Map<String, String> hashes = inputHashes(loaded.inputFiles());
            Pipeline pipeline = new Pipeline(cfg, trainer, progress, hashes);
            Pipeline.Result o = pipeline.run(loaded.rows(), tmp.resolve(MODEL));
            try {
                progress.stage("writing " + out);
                Summary s = write(o, loaded, hashes, tmp, out);
                AtomicFiles.replaceFolder(tmp, out, overwrite);
                done = true;
                return s;
            } finally {
                o.written().model().close();
            }
        } finally {
            if (!done) {
                AtomicFiles.deleteTree(tmp);
            }
        }
    }

    private Map<String, String> inputHashes(List<Path> files) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(cfg.file().toString(), Hashing.sha256(cfg.file()));
        m.put(cfg.adapterPath().toString(), Hashing.sha256(cfg.adapterPath()));
        m.putAll(Provenance.inputHashes(cfg.dataPath(), files));
        return m;
    }

    private Summary write(Pipeline.Result o, Loaded loaded, Map<String, String> hashes, Path dir, Path finalDir) {
        FeatureTable dataset = o.dataset();
        writeCsv(dataset, dir.resolve(DATASET), loaded.meta());
        writeCsv(o.written().kept(), dir.resolve(SYNTHETIC), loaded.meta());
        writeCsv(o.split().test(), dir.resolve(TEST), loaded.meta());
        DatasetNpz.write(dir.resolve(DatasetNpz.NAME), CsvRows.of(dataset), loaded.meta());

        FeatureTable synthForPlots = o.written().kept().size() > 0 ? o.written().kept() : o.written().offered();
        List<String> wavs = new ArrayList<>();
        if (loaded.renderer() != null && synthForPlots.size() > 0) {
            for (Path p : loaded.renderer().render(synthForPlots, dir.resolve(AUDIO))) {
                wavs.add(dir.relativize(p).toString());
            }
        }

        String checkpointHash = treeHash(o.written().model().directory());
        List<Classifier> classifiers = cfg.evaluation().classifiers().stream().map(Classifiers::byName).toList();
        Evaluation.Result evaluation = new Evaluation.Result(new Report.Settings(classifiers.stream().map(Classifier::name).toList(),
                o.gain().isEmpty() ? 0 : o.gain().get(0).trials(), GainEvaluation.DEFAULT_REPEAT_FRACTION,
                cfg.split().seed(), o.sweep().stream().map(p -> p.fraction()).toList(),
                String.format(Locale.ROOT, "each trial draws %.0f%% of the real train rows and of the synthetic rows (stratified by class and group); test rows are the held-out groups",
                        100 * GainEvaluation.DEFAULT_REPEAT_FRACTION), cfg.evaluation().metrics()), o.gain(), o.sweep(), o.fidelity(), List.of());
        Report.Builder b = Report.builder()
                .setTitle("spectrogan augment: " + cfg.name())
                .optEnvironment(Provenance.environment())
                .optInput(Report.DataSummary.of("real train", DATASET, null, o.split().train()))
                .optInput(Report.DataSummary.of("synthetic (kept)", SYNTHETIC, Hashing.sha256(dir.resolve(SYNTHETIC)), o.written().kept()))
                .optInput(Report.DataSummary.of("real test", TEST, Hashing.sha256(dir.resolve(TEST)), o.split().test()));
        if (!o.written().model().lossHistory().isEmpty()) {
            org.spectrogan.gan.LossHistory.plot(o.written().model().lossHistory(), o.written().model().qualityScores(),
                    dir.resolve(LOSS_PLOT));
            b.optPlot(LOSS_PLOT);
        }
        Map<String, List<org.spectrogan.evaluate.LowDataSweep.Point>> armSweeps = new java.util.LinkedHashMap<>();
        for (Pipeline.AugmenterArm a : o.augmenters()) {
            if (!a.sweep().isEmpty()) {
                armSweeps.put(a.augmenter(), a.sweep());
            }
        }
        b.optNote(String.format(Locale.ROOT, "Quality gate (%s): %d synthetic rows offered, %d dropped as confidently another class, %d dropped beyond the class radius, %d kept after the amount setting.",
                o.written().gateLevel().name(), o.gate().offered(), o.gate().droppedByConfidence(), o.gate().droppedByRadius(), o.written().kept().size()));
        if (o.gate().emptiedClassesSentence() != null) {
            b.optNote(o.gate().emptiedClassesSentence());
        }
        b.optNote("Do-no-harm check: " + o.written().decision().summary() + ".");
        GanSettings.Selection selection = GanSettings.Selection.of(o.written().model(), cfg.ganConfig()).withGans(o.gans());
        b.optNote(selection.sentence());
        if (selection.gansSentence() != null) {
            b.optNote(selection.gansSentence());
        }
        b.optNote(o.syntheticInDataset()
                ? "dataset.csv holds " + o.split().train().size() + " real train rows and " + o.written().kept().size() + " synthetic rows."
                : "dataset.csv holds the " + o.split().train().size() + " real train rows only: no synthetic rows.");
        for (String n : o.notes()) {
            b.optNote(n);
        }
        b.optNote("No row of a test group was seen by any augmenter, GAN or classifier's training: the do-no-harm check's GANs and augmenters saw only the other folds of the train groups, the written rows come from the "
                + o.split().train().size() + " train rows.");
        for (Pipeline.AugmenterArm a : o.augmenters()) {
            b.optNote(armNote(a));
        }
        if (o.averaged() != null) {
            for (String line : AveragedProtocol.lines(o.averaged())) {
                b.optNote(line);
            }
        }
        b.optTestGroupEffects(o.effectsByMetric());
        b.optDetails(new Details(o.folds(), o.split().groups(), o.averaged(), o.gate(), o.doNoHarm(), o.contents(),
                o.augmenters(), o.ceilingAtAdmitted(), o.sweepRuns(), wavs, selection));
        Report report = ReportWriter.write(dir, b, evaluation, new ReportWriter.PlotRows(o.split().train(), synthForPlots, armSweeps));

        ObjectNode manifest = manifest(o, hashes, checkpointHash, dir, loaded.dropped());
        new ManifestPaths(finalDir).apply(manifest);
        try {
            AtomicFiles.writeString(dir.resolve(MANIFEST), MANIFEST_MAPPER.writeValueAsString(manifest) + "\n");
        } catch (IOException e) {
            throw new SpectroganException(dir.resolve(MANIFEST) + ": cannot write (" + e.getMessage() + ")", e);
        }
        List<String> lines = new ArrayList<>();
        lines.add(o.notes().get(0));
        lines.add(report.verdict().headline());
        for (GainEvaluation.ClassifierGain g : o.gain()) {
            lines.add(headlineLine("100%", g));
            lines.addAll(metricLines("100%", g, cfg.evaluation().metrics()));
        }
        for (var p : o.sweep()) {
            for (GainEvaluation.ClassifierGain g : p.classifiers()) {
                lines.add(headlineLine(Math.round(100 * p.fraction()) + "%", g));
                lines.addAll(metricLines(Math.round(100 * p.fraction()) + "%", g, cfg.evaluation().metrics()));
            }
            for (GainEvaluation.ClassifierGain g : p.ceiling()) {
                lines.add(p.ceilingLine(g));
            }
        }
        if (o.averaged() != null) {
            lines.addAll(AveragedProtocol.lines(o.averaged()));
        }
        lines.add(o.written().decision().summary());
        lines.add(o.syntheticInDataset() ? "dataset.csv: " + o.split().train().size() + " real + " + o.written().kept().size() + " synthetic rows"
                : "dataset.csv: " + o.split().train().size() + " real rows, no synthetic rows (the check admitted none)");
        return new Summary(finalDir, finalDir.resolve(ReportWriter.MARKDOWN_NAME), report.verdict().headline(), lines);
    }

    /**
     * One features CSV as Python reads it ({@link CsvRows}: string labels, distinct synthetic groups), with its
     * {@code .meta.json} beside it when the features have metadata (so {@code spectrogan render} reads it).
     */
    private static void writeCsv(FeatureTable t, Path csv, FeatureMeta meta) {
        CsvRows.of(t).write(csv);
        if (meta != null) {
            meta.writeBeside(csv);
        }
    }

    /** One augmenter side by side: its gain at each fraction beside the ceiling, and the fidelity of its rows. */
    static String armNote(Pipeline.AugmenterArm a) {
        StringBuilder b = new StringBuilder("Augmenter " + a.augmenter() + " (amount x1, no check, " + a.syntheticRows() + " rows on the train groups):");
        for (Pipeline.Effect e : a.gainAtFull()) {
            b.append(String.format(Locale.ROOT, " %s at 100%% %+.1f points [%+.1f, %+.1f];", e.classifier(), e.meanPoints(),
                    e.lowPoints(), e.highPoints()));
        }
        for (var p : a.sweep()) {
            for (int i = 0; i < p.classifiers().size(); i++) {
                var g = p.classifiers().get(i).gain().get(Metric.BALANCED_ACCURACY);
                b.append(String.format(Locale.ROOT, " %s at %d%% %+.1f points [%+.1f, %+.1f]", p.classifiers().get(i).classifier(),
                        Math.round(100 * p.fraction()), 100 * g.mean(), 100 * g.lower(), 100 * g.upper()));
                if (i < p.ceiling().size()) {
                    var c = p.ceiling().get(i).gain().get(Metric.BALANCED_ACCURACY);
                    b.append(String.format(Locale.ROOT, " (ceiling %+.1f)", 100 * c.mean()));
                }
                b.append(';');
            }
        }
        if (a.fidelity() != null) {
            var f = a.fidelity();
            double mmd = f.classes().stream().mapToDouble(Fidelity.ClassMmd::mmd2TrainVsSynthetic).average().orElse(Double.NaN);
            double mmdReal = f.classes().stream().mapToDouble(Fidelity.ClassMmd::mmd2TrainVsHeldOut).average().orElse(Double.NaN);
            b.append(String.format(Locale.ROOT, " label fidelity %.1f%% (real test rows %.1f%%, %.1f%% at the synthetic rows' class mix), mean per-class MMD² %.4f (real test rows %.4f), nearest-neighbour distance ratio %.2f (0: copies, 1: as far as real test rows), %.0f%% closer than the test rows' 5th percentile.",
                    100 * f.labelFidelity(), 100 * f.heldOutAccuracy(), 100 * f.heldOutAccuracyAtSyntheticMix(), mmd, mmdReal, f.memorisation().medianRatio(),
                    100 * f.memorisation().shareCloserThanHeldOutP5()));
        }
        return b.toString();
    }

    static String headlineLine(String at, GainEvaluation.ClassifierGain g) {
        var real = g.real().get(Metric.BALANCED_ACCURACY);
        var aug = g.augmented().get(Metric.BALANCED_ACCURACY);
        var gain = g.gain().get(Metric.BALANCED_ACCURACY);
        return String.format(Locale.ROOT, "%s at %s of train rows: balanced accuracy %.1f%% real only, %.1f%% real + synthetic, gain %+.1f points (%s)",
                g.classifier(), at, 100 * real.mean(), 100 * aug.mean(), 100 * gain.mean(), gain.pointsIntervalSentence());
    }

    /** The chosen metrics other than balanced accuracy (the headline's), one line each (h13c). */
    static List<String> metricLines(String at, GainEvaluation.ClassifierGain g, List<String> metrics) {
        List<String> out = new ArrayList<>();
        for (var m : org.spectrogan.evaluate.ReportedMetric.parseAll(metrics)) {
            if (m.metric() == Metric.BALANCED_ACCURACY || m.of(g.gain()) == null) {
                continue;
            }
            var gain = m.of(g.gain());
            out.add(String.format(Locale.ROOT, "  %s at %s: %s %.1f%% real only, %.1f%% real + synthetic, gain %+.1f points (%s)",
                    g.classifier(), at, m.title(), 100 * m.of(g.real()).mean(), 100 * m.of(g.augmented()).mean(),
                    100 * gain.mean(), gain.pointsIntervalSentence()));
        }
        return out;
    }

    private static final ObjectMapper MANIFEST_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ObjectNode manifest(Pipeline.Result o, Map<String, String> hashes, String checkpointHash, Path dir,
                                Dropped dropped) {
        ObjectMapper m = MANIFEST_MAPPER;
        ObjectNode n = m.createObjectNode();
        n.put("pipeline", cfg.name());
        n.set("config", cfg.toJson());
        n.set("budget", m.valueToTree(budget));
        ObjectNode seeds = n.putObject("seeds");
        seeds.put("split", cfg.split().seed());
        seeds.put("gan", o.ganConfig().seed());
        seeds.put("synthesis", cfg.synthesis().seed());
        n.set("gan", m.valueToTree(o.ganConfig()));
        n.set("versions", m.valueToTree(Provenance.environment()));
        n.set("inputHashes", m.valueToTree(hashes));
        n.put("checkpoint", MODEL);
        n.put("checkpointSha256", checkpointHash);
        ObjectNode files = n.putObject("outputSha256");
        for (String f : List.of(DATASET, SYNTHETIC, TEST, DatasetNpz.NAME)) {
            files.put(f, Hashing.sha256(dir.resolve(f)));
        }
        n.set("classes", m.valueToTree(o.classNames()));
        n.set("csvLabels", m.valueToTree(CsvRows.labels(o.classNames())));
        n.put("device", org.spectrogan.gan.Engines.deviceName(o.ganConfig().engine()));
        ObjectNode counts = n.putObject("counts");
        counts.set(DATASET, m.valueToTree(countsBySource(o.dataset())));
        counts.set(SYNTHETIC, m.valueToTree(countsBySource(o.written().kept())));
        counts.set(TEST, m.valueToTree(countsBySource(o.split().test())));
        counts.set("ganFitPart", m.valueToTree(countsBySource(o.split().fit())));
        counts.set("validationPart", m.valueToTree(countsBySource(o.split().validation())));
        ObjectNode groups = n.putObject("groups");
        groups.set("train", m.valueToTree(o.split().trainGroups()));
        groups.set("validation", m.valueToTree(o.split().validationGroups()));
        groups.set("test", m.valueToTree(o.split().testGroups()));
        ArrayNode fitGroups = groups.putArray("ganTraining");
        for (String g : new TreeSet<>(o.split().fit().rows().stream().map(FeatureTable.Row::group).toList())) {
            fitGroups.add(g);
        }
        n.put("syntheticInDataset", o.syntheticInDataset());
        n.set("qualityGate", m.valueToTree(o.gate()));
        n.set("doNoHarm", m.valueToTree(o.doNoHarm()));
        n.set("dropped", m.valueToTree(dropped));
        n.set("duplicates", m.valueToTree(o.duplicates())); // h15c: rows identical across groups (split.duplicates)
        return n;
    }

    /** source -> class (as the CSVs write it, {@link CsvRows#label}) -> rows. */
    static Map<String, Map<String, Integer>> countsBySource(FeatureTable t) {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (FeatureTable.Row r : t.rows()) {
            m.computeIfAbsent(r.source(), k -> new TreeMap<>()).merge(CsvRows.label(r.label()), 1, Integer::sum);
        }
        return m;
    }

    static FeatureTable firstPerClass(FeatureTable t, int n) {
        Map<String, Integer> left = new TreeMap<>();
        List<FeatureTable.Row> out = new ArrayList<>();
        for (FeatureTable.Row r : t.rows()) {
            int k = left.getOrDefault(r.label(), 0);
            if (k < n) {
                out.add(r);
                left.put(r.label(), k + 1);
            }
        }
        return new FeatureTable(t.featureNames(), out);
    }

    /** SHA-256 over the sorted relative paths and contents of every file under {@code dir}. */
    static String treeHash(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                sb.append(dir.relativize(p)).append(' ').append(Hashing.sha256(p)).append('\n');
            }
        } catch (IOException e) {
            throw new SpectroganException(dir + ": cannot hash the checkpoint (" + e.getMessage() + ")", e);
        }
        return Hashing.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
