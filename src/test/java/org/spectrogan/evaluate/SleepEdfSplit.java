package org.spectrogan.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.ExampleTables;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.RawExamples;

/**
 * The Sleep-EDF per-epoch features read through the shipped adapter, split for the fast-against-reference
 * classifier tests: test = every epoch of the first subject, train = every {@code trainStride}-th epoch of the
 * other subjects.
 */
record SleepEdfSplit(FeatureTable train, FeatureTable test) {
    static SleepEdfSplit leaveFirstSubjectOut(int trainStride) {
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
        return new SleepEdfSplit(new FeatureTable(all.featureNames(), train), new FeatureTable(all.featureNames(), test));
    }
}
