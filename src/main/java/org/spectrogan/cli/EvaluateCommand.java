package org.spectrogan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.Provenance;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.evaluate.Evaluation;
import org.spectrogan.evaluate.Report;
import org.spectrogan.evaluate.ReportWriter;
import org.spectrogan.features.FeatureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spectrogan evaluate}: does the synthetic data help a downstream classifier, and how faithful is it. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure whether synthetic rows help a downstream classifier, and their fidelity. Writes "
                + "report.json, report.md and PNG plots into --out.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Real training rows (features CSV).")
    Path train;

    @Option(names = "--synthetic", required = true, paramLabel = "FILE", description = "Synthetic rows (features CSV, same columns).")
    Path synthetic;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Real test rows (features CSV, same columns).")
    Path test;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must be absent or empty unless --overwrite).")
    Path out;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN", description = "Label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--classifier", defaultValue = "logreg,svm,tree", paramLabel = "NAMES",
            description = "Comma-separated: logreg, svm, tree, forest (default: ${DEFAULT-VALUE}).")
    String classifiers;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N", description = "Trials per classifier (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--repeat-fraction", defaultValue = "0.8", paramLabel = "F",
            description = "Share of train and synthetic rows each trial draws, stratified (default: ${DEFAULT-VALUE}; 1 = all rows every trial).")
    double repeatFraction;

    @Option(names = "--fractions", split = ",", paramLabel = "F",
            description = "Optional low-data sweep over these shares of the real training rows, e.g. 0.1,0.25,0.5,1 (synthetic rows fixed; "
                    + "below 1 also the ceiling, unless --no-ceiling).")
    List<Double> fractions = new ArrayList<>();

    @Option(names = "--no-ceiling", description = "With --fractions: do not measure the ceiling (below 100%%, the same trials with "
            + "held-back real train rows in place of the synthetic rows, as many per class).")
    boolean noCeiling;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--overwrite", description = "Replace an existing --out folder that spectrogan wrote (a folder of other files is never replaced).")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new SpectroganException("--repeats " + repeats + ": must be at least 1");
        }
        if (!(repeatFraction > 0 && repeatFraction <= 1)) {
            throw new SpectroganException("--repeat-fraction " + repeatFraction + ": must be in (0, 1]");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new SpectroganException("--fractions: " + f + " must be in (0, 1]");
            }
        }
        Evaluation.Options options = new Evaluation.Options(Classifiers.byNames(classifiers), repeats, repeatFraction,
                seed, fractions, Classifiers.byName("logreg"), !noCeiling);
        requireUsableOutput(out, overwrite);

        FeatureTable trainTable = FeatureTable.read(train, label);
        FeatureTable synthTable = FeatureTable.read(synthetic, label);
        FeatureTable testTable = FeatureTable.read(test, label);
        checkInputs(train, trainTable, synthetic, synthTable, test, testTable);

        // The folder is filled under a temporary name beside --out and moved into place at the end, so a failed
        // run leaves nothing; an existing folder is replaced only with --overwrite and only if spectrogan wrote it.
        Path target = AtomicFiles.createTemporaryFolderBeside(out, "evaluate");
        Report report;
        boolean done = false;
        try {
            report = evaluateInto(target, options, trainTable, synthTable, testTable);
            AtomicFiles.replaceFolder(target, out, overwrite);
            done = true;
        } finally {
            if (!done) {
                AtomicFiles.deleteTree(target);
            }
        }
        var o = spec.commandLine().getOut();
        o.println(report.verdict().headline());
        report.verdict().cases().forEach(c -> o.println("  " + c.sentence()));
        for (var p : report.sweep()) {
            p.ceiling().forEach(g -> o.println("  " + p.ceilingLine(g)));
        }
        o.println("Report: " + out.resolve(ReportWriter.MARKDOWN_NAME) + " (and report.json, plots)");
        o.flush();
        return 0;
    }

    private Report evaluateInto(Path dir, Evaluation.Options options, FeatureTable trainTable, FeatureTable synthTable,
                              FeatureTable testTable) {
        int total = Evaluation.fitCount(options, true);
        int[] done = {0};
        var err = spec.commandLine().getErr();
        // h15c: test rows identical to train rows (a repeated segment): one warning line and a note, nothing dropped
        org.spectrogan.augment.DuplicateRows.Finding duplicates = org.spectrogan.augment.DuplicateRows.between(trainTable, testTable);
        if (duplicates.warning() != null) {
            err.println(duplicates.warning());
            err.flush();
        }
        Evaluation.Result result = Evaluation.run(trainTable, synthTable, testTable, options, step -> {
            done[0]++;
            if (!quiet) {
                err.printf(Locale.ROOT, "evaluate [%d/%d] %s%n", Math.min(done[0], total), total, step);
                err.flush();
            }
        });
        Map<String, String> hashes = Provenance.inputHashes(List.of(train, synthetic, test));
        Report.Builder b = Report.builder().setTitle("spectrogan evaluation: does the synthetic data help?")
                .optEnvironment(Provenance.environment())
                .optInput(Report.DataSummary.of("real train", train.toString(), hashes.get(train.toString()), trainTable))
                .optInput(Report.DataSummary.of("synthetic", synthetic.toString(), hashes.get(synthetic.toString()), synthTable))
                .optInput(Report.DataSummary.of("real test", test.toString(), hashes.get(test.toString()), testTable));
        if (duplicates.warning() != null) {
            b.optNote(duplicates.warning());
            b.optDetails(Map.of("duplicates", duplicates));
        }
        Report report = ReportWriter.write(dir, b, result, new ReportWriter.PlotRows(trainTable, synthTable));
        return report;
    }

    /** The output folder must be absent, empty, or (with --overwrite) a folder spectrogan wrote. */
    static void requireUsableOutput(Path dir, boolean overwrite) {
        AtomicFiles.requireReplaceableFolder(dir, overwrite);
    }

    /** Same feature columns everywhere, at least two classes in train, no test or synthetic class unknown to train. */
    static void checkInputs(Path trainFile, FeatureTable trainTable, Path synthFile, FeatureTable synthTable,
                            Path testFile, FeatureTable testTable) {
        sameColumns(trainFile, trainTable, synthFile, synthTable);
        sameColumns(trainFile, trainTable, testFile, testTable);
        if (trainTable.labels().size() < 2) {
            throw SpectroganException.inFile(trainFile, "only one class (" + trainTable.labels().get(0)
                    + "); a classifier needs at least two");
        }
        knownLabels(trainFile, trainTable, testFile, testTable);
        knownLabels(trainFile, trainTable, synthFile, synthTable);
    }

    private static void sameColumns(Path aFile, FeatureTable a, Path bFile, FeatureTable b) {
        if (a.featureNames().equals(b.featureNames())) {
            return;
        }
        List<String> an = a.featureNames();
        List<String> bn = b.featureNames();
        String detail;
        if (an.size() != bn.size()) {
            detail = bn.size() + " feature columns, " + aFile + " has " + an.size();
        } else {
            int i = 0;
            while (an.get(i).equals(bn.get(i))) {
                i++;
            }
            detail = "feature column " + (i + 1) + " is '" + bn.get(i) + "', in " + aFile + " it is '" + an.get(i) + "'";
        }
        throw SpectroganException.inFile(bFile, "feature columns differ from " + aFile + ": " + detail);
    }

    private static void knownLabels(Path trainFile, FeatureTable trainTable, Path file, FeatureTable table) {
        List<String> known = trainTable.labels();
        for (Map.Entry<String, Integer> e : table.countsByLabel().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw SpectroganException.inFile(file, "class '" + e.getKey() + "' (" + e.getValue() + " rows) does not occur in "
                        + trainFile + " (classes there: " + String.join(", ", known) + ")");
            }
        }
    }
}
