package org.spectrogan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.spectrogan.augment.GanSettings;
import org.spectrogan.augment.PipelineConfig;
import org.spectrogan.augment.QualityBench;
import org.spectrogan.augment.RecordingsLoader;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.QualityTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spectrogan bench quality [PIPELINE.json...]}: issue 12's targets on each pipeline, one row per pipeline
 * ({@link QualityTable}): every augmenter over the same trials at a stated budget. Prints the table and writes
 * it as {@code quality.md} (and the figures as {@code quality.json}) into the output folder.
 */
@Command(name = "quality", mixinStandardHelpOptions = true, description = {
    "Issue 12's quality targets per pipeline, one row each, every augmenter over the same trials.",
    "Label fidelity and train-on-synthetic of the GAN's rows, the GAN's gain at 25%% vs the best simple augmenter",
    "(gaussian, smote, mixup, noise, oversample), the ceiling and the GAN's capture of it, and whether the written",
    "dataset lowered test balanced accuracy. Slow: one full pipeline run per pipeline (lower --repeats, --steps or",
    "--fractions to fit a budget; the output states it)."})
public final class BenchQualityCommand implements Callable<Integer> {
    /** The table's file in the output folder. */
    public static final String MARKDOWN = "quality.md";
    /** The figures behind it. */
    public static final String JSON = "quality.json";

    @Parameters(paramLabel = "PIPELINE.json", arity = "0..*", description = "Pipelines (default: every pipelines/*.json, sorted).")
    List<Path> pipelines = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/bench-quality", description = "Output folder (default ${DEFAULT-VALUE}); must not exist unless --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing output folder spectrogan wrote.")
    boolean overwrite;

    @Option(names = "--repeats", paramLabel = "N", description = "Evaluation repeats (default: each pipeline's evaluation.repeats).")
    Integer repeats;

    @Option(names = "--fractions", paramLabel = "F", split = ",", description = "Sweep fractions of the train rows, e.g. 0.25,0.5 (default: each pipeline's; 0.25 is where the GAN meets the simple augmenters).")
    List<Double> fractions;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of every GAN, the sweep's too (default: each pipeline's).")
    Integer steps;

    @Option(names = "--all-classifiers", description = "Evaluate with every classifier of the pipeline (default: only the first, its do-no-harm judge, which the table reports).")
    boolean allClassifiers;

    @CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--no-progress", description = "No progress bar (log lines only).")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        device.apply();
        if (repeats != null && repeats < 1) {
            throw new SpectroganException("--repeats must be >= 1 repeats, got " + repeats);
        }
        if (steps != null && steps < 1) {
            throw new SpectroganException("--steps must be >= 1 generator steps, got " + steps);
        }
        if (fractions != null && fractions.stream().anyMatch(f -> !(f > 0 && f < 1))) {
            throw new SpectroganException("--fractions must be shares of the train rows in (0, 1), got " + fractions);
        }
        Path target = out.toAbsolutePath().normalize();
        AtomicFiles.requireReplaceableFolder(target, overwrite);
        // every pipeline is read and checked before the first one runs
        List<PipelineConfig> configs = new ArrayList<>();
        QualityBench.Settings settings = new QualityBench.Settings(repeats, fractions, steps, allClassifiers);
        for (Path p : pipelines.isEmpty() ? shippedPipelines() : pipelines) {
            PipelineConfig c = QualityBench.configure(PipelineConfig.load(p), settings);
            RecordingsLoader.INSTANCE.validate(c);
            configs.add(c);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<QualityTable.Row> rows = new ArrayList<>();
        List<QualityTable.Input> inputs = new ArrayList<>();
        long t0 = System.nanoTime();
        try (AugmentCommand.BarProgress progress = new AugmentCommand.BarProgress(spec.commandLine().getErr(),
                !noProgress && System.console() != null)) {
            for (PipelineConfig c : configs) {
                long t = System.nanoTime();
                QualityTable.Input in = QualityBench.measure(c, RecordingsLoader.INSTANCE, GanSettings.Trainer.GAN, progress);
                inputs.add(in);
                rows.add(QualityTable.row(in));
                progress.note(String.format(Locale.ROOT, "%s: %.0f s", c.name(), (System.nanoTime() - t) / 1e9));
            }
        }
        String md = QualityTable.markdown(rows, "spectrogan bench quality (issue 12 targets)")
                + String.format(Locale.ROOT, "%nWall time %.0f s; seeds are the pipelines' own, so a rerun gives the same table.%n",
                (System.nanoTime() - t0) / 1e9);
        write(target, md, inputs, rows);
        stdout.println(md);
        stdout.println("Written: " + target.resolve(MARKDOWN));
        stdout.flush();
        return 0;
    }

    /** Every pipelines/*.json of the working folder, sorted by name. */
    static List<Path> shippedPipelines() {
        Path dir = Path.of("pipelines");
        if (!Files.isDirectory(dir)) {
            throw new SpectroganException(dir.toAbsolutePath() + ": no pipelines folder here; name the pipeline files to measure");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            if (out.isEmpty()) {
                throw new SpectroganException(dir.toAbsolutePath() + ": holds no .json pipeline files");
            }
            return out;
        } catch (IOException e) {
            throw new SpectroganException(dir.toAbsolutePath() + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static void write(Path target, String md, List<QualityTable.Input> inputs, List<QualityTable.Row> rows) {
        Path tmp = AtomicFiles.createTemporaryFolderBeside(target, "bench quality");
        boolean done = false;
        try {
            AtomicFiles.writeString(tmp.resolve(MARKDOWN), md);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rows", rows);
            AtomicFiles.writeString(tmp.resolve(JSON), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json) + "\n");
            AtomicFiles.replaceFolder(tmp, target, true);
            done = true;
        } catch (IOException e) {
            throw new SpectroganException(target + ": cannot write " + JSON + " (" + e.getMessage() + ")", e);
        } finally {
            if (!done) {
                AtomicFiles.deleteTree(tmp);
            }
        }
    }
}
