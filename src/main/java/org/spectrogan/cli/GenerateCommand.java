package org.spectrogan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.Gan;
import org.spectrogan.gan.GanModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spectrogan generate}: synthetic rows per class, in the training CSV's schema, source=synthetic. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write synthetic rows per class from a trained model.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder written by 'train'.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Amount amount;

    static final class Amount {
        @Option(names = "--per-class", paramLabel = "N", description = "N rows of every class.")
        Integer perClass;

        @Option(names = "--counts", paramLabel = "A=N,B=M", split = ",", description = "Rows per named class.")
        Map<String, String> counts;
    }

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV (written atomically; must not exist unless --overwrite).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        org.spectrogan.common.AtomicFiles.requireAbsentOrOverwrite(overwrite, out);
        try (GanModel m = Gan.load(model)) {
            Map<String, Integer> wanted = new LinkedHashMap<>();
            if (amount.perClass != null) {
                if (amount.perClass < 0) {
                    throw new SpectroganException("--per-class must be >= 0, got " + amount.perClass);
                }
                for (String c : m.classNames()) {
                    wanted.put(c, amount.perClass);
                }
            } else {
                for (Map.Entry<String, String> e : amount.counts.entrySet()) {
                    if (!m.classNames().contains(e.getKey())) {
                        throw new SpectroganException("--counts: class '" + e.getKey() + "' is not in the model (classes: "
                                + String.join(", ", m.classNames()) + ")");
                    }
                    int n;
                    try {
                        n = Integer.parseInt(e.getValue().trim());
                    } catch (NumberFormatException ex) {
                        throw new SpectroganException("--counts: '" + e.getValue() + "' for class '" + e.getKey() + "' is not a whole number");
                    }
                    if (n < 0) {
                        throw new SpectroganException("--counts: class '" + e.getKey() + "' count must be >= 0, got " + n);
                    }
                    wanted.put(e.getKey(), n);
                }
            }
            List<FeatureTable.Row> rows = new ArrayList<>();
            for (Map.Entry<String, Integer> e : wanted.entrySet()) {
                for (double[] v : m.generate(e.getKey(), e.getValue(), seed)) {
                    rows.add(new FeatureTable.Row(e.getKey(), "synthetic", FeatureTable.SYNTHETIC, 0.0, v));
                }
            }
            new FeatureTable(m.featureNames(), rows).write(out);
            System.out.println("wrote " + rows.size() + " synthetic rows to " + out);
        }
        return 0;
    }
}
