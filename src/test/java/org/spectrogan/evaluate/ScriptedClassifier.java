package org.spectrogan.evaluate;

import java.util.List;
import java.util.function.Function;
import org.spectrogan.features.FeatureTable;

/**
 * A test classifier whose labels are scripted: each fit turns the training table and seed into a labelling of
 * rows (e.g. "right on these rows when the training table holds synthetic rows"), so a test knows every score it
 * will see. Its {@code classes} are the given list, or the training table's labels when null; no scores.
 */
public record ScriptedClassifier(String name, List<String> classes, Script script) implements Classifier {
    /** A fit: the label of each row from the training table and the seed. */
    public interface Script {
        Function<double[], String> fit(FeatureTable train, long seed);
    }

    /** Whether {@code train} holds synthetic rows. */
    public static boolean hasSynthetic(FeatureTable train) {
        return train.rows().stream().anyMatch(r -> r.source().equals(FeatureTable.SYNTHETIC));
    }

    @Override
    public String description() {
        return "scripted judge";
    }

    @Override
    public Fitted fit(FeatureTable train, long seed) {
        Function<double[], String> label = script.fit(train, seed);
        List<String> seen = classes != null ? classes : train.labels();
        return new Fitted() {
            @Override
            public List<String> classes() {
                return seen;
            }

            @Override
            public String[] predict(double[][] rows) {
                String[] out = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    out[i] = label.apply(rows[i]);
                }
                return out;
            }

            @Override
            public double[][] predictProba(double[][] rows) {
                throw new UnsupportedOperationException("a scripted classifier gives labels only");
            }
        };
    }
}
