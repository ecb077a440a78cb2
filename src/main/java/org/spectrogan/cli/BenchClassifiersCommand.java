package org.spectrogan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spectrogan.augment.GroupSplit;
import org.spectrogan.augment.Pipeline;
import org.spectrogan.augment.PipelineConfig;
import org.spectrogan.augment.RecordingsLoader;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifier;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.ConfusionMatrix;
import org.spectrogan.features.FeatureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spectrogan bench classifiers PIPELINE.json}: seconds per classifier fit on a pipeline's train part
 * (its features and its test split, as {@code augment} makes them), one thread, and each fit's test balanced
 * accuracy and a hash of its predictions, so two builds can be compared for speed and for equal results.
 */
@Command(name = "classifiers", mixinStandardHelpOptions = true,
        description = {"Benchmark classifier fits on a pipeline's train part (its features and test split), one thread.",
            "Prints seconds per fit and predict, and each fit's test balanced accuracy and prediction hash (equal hashes: equal predictions)."})
public final class BenchClassifiersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PIPELINE.json", description = "The pipeline whose features and test split are used.")
    Path pipeline;

    @Option(names = "--classifiers", paramLabel = "LIST", defaultValue = "mlp", description = "Comma-separated classifiers (default ${DEFAULT-VALUE}; any of logreg, svm, tree, forest, knn, mlp).")
    String classifiers;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Timed fits per classifier, seeds 1..N (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "Untimed fits first (seed 0), so the JIT has compiled the loops (default ${DEFAULT-VALUE}).")
    int warmup;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new SpectroganException("--repeats must be at least 1 fit, got " + repeats);
        }
        if (warmup < 0) {
            throw new SpectroganException("--warmup must be at least 0 fits, got " + warmup);
        }
        List<Classifier> list = Classifiers.byNames(classifiers);
        PipelineConfig cfg = PipelineConfig.load(pipeline);
        RecordingsLoader.INSTANCE.validate(cfg);
        FeatureTable all = RecordingsLoader.INSTANCE.load(cfg).rows();
        GroupSplit.Parts parts = Pipeline.testSplit(all, cfg);
        FeatureTable train = parts.train(all);
        FeatureTable test = parts.heldOut(all);
        PrintWriter out = commandSpec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d train rows, %d test rows, %d features, %d classes; %d warm-up + %d timed fits each%n",
                cfg.name(), train.size(), test.size(), train.featureCount(), train.labels().size(), warmup, repeats);
        out.flush();
        double[][] testRows = test.matrix();
        String[] truth = test.rows().stream().map(FeatureTable.Row::label).toArray(String[]::new);
        for (Classifier c : list) {
            for (int w = 0; w < warmup; w++) {
                c.fit(train, 0).predict(testRows);
            }
            List<Double> fits = new ArrayList<>();
            for (int r = 1; r <= repeats; r++) {
                long t0 = System.nanoTime();
                Classifier.Fitted f = c.fit(train, r);
                long t1 = System.nanoTime();
                String[] predicted = f.predict(testRows);
                long t2 = System.nanoTime();
                fits.add((t1 - t0) / 1e9);
                out.printf(Locale.ROOT, "%-6s seed %d: fit %.3f s, predict %.3f s, test balanced accuracy %.6f, predictions hash %08x%n",
                        c.name(), r, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                        ConfusionMatrix.of(truth, predicted).balancedAccuracy(), Arrays.hashCode(predicted));
                out.flush();
            }
            double[] sorted = fits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf(Locale.ROOT, "%-6s median fit %.3f s (min %.3f, max %.3f)%n", c.name(), sorted[sorted.length / 2],
                    sorted[0], sorted[sorted.length - 1]);
            out.flush();
        }
        return 0;
    }
}
