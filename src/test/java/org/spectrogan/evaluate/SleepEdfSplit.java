package org.spectrogan.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.ExampleTables;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.RawExamples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Sleep-EDF per-epoch features read through the shipped adapter, split for the fast-against-reference
 * classifier tests: test = every epoch of the first subject, train = every {@code trainStride}-th epoch of the
 * other subjects. The split asserts the shape every such test relies on: 18 feature columns, the 5 stages, at least
 * {@code minTrainRows} train rows and 1000 test rows.
 */
record SleepEdfSplit(FeatureTable train, FeatureTable test) {
    static SleepEdfSplit leaveFirstSubjectOut(int trainStride, int minTrainRows) {
        Path features = SharedData.require("data/sleep-edf-features/features");
        FeatureTable all = RawExamples.passThrough().apply(ExampleTables.read(features,
                AdapterSpec.load(SharedData.projectRoot().resolve("data-adapters/sleep-edf.json"))));
        String held = all.rows().get(0).group();
        List<FeatureTable.Row> train = new ArrayList<>();
        List<FeatureTable.Row> test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            FeatureTable.Row row = all.rows().get(i);
            if (row.group().equals(held)) {
                test.add(row);
            } else if (i % trainStride == 0) {
                train.add(row);
            }
        }
        SleepEdfSplit split = new SleepEdfSplit(new FeatureTable(all.featureNames(), train),
                new FeatureTable(all.featureNames(), test));
        assertEquals(18, split.train().featureCount());
        assertEquals(5, split.train().labels().size(), "W, N1, N2, N3, REM");
        assertTrue(train.size() > minTrainRows && test.size() > 1000, train.size() + " / " + test.size());
        return split;
    }

    /** The same rows with two classes, W against every sleep stage: a classifier's binary path. */
    static FeatureTable wakeAgainstSleep(FeatureTable table) {
        List<FeatureTable.Row> binary = new ArrayList<>();
        for (FeatureTable.Row row : table.rows()) {
            binary.add(new FeatureTable.Row(row.label().equals("W") ? "W" : "sleep", row.group(), row.source(), row.t0(), row.values()));
        }
        return new FeatureTable(table.featureNames(), binary);
    }
}
