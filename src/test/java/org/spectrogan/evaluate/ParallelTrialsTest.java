package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.Workers;
import org.spectrogan.features.FeatureTable;

/**
 * The classifier trials and the sweep's synthesis runs on 2 workers give the numbers of the run one after another:
 * every summary (means, intervals, per-trial values) equal, for seeded LibLinear, SVM and the plain-Java MLP.
 */
class ParallelTrialsTest {
    private static final FeatureTable TRAIN = Blobs.make(3, 40, 4, 1.2, FeatureTable.REAL, 4, 41);
    private static final FeatureTable TEST = Blobs.make(3, 40, 4, 1.2, FeatureTable.REAL, 4, 42);
    private static final FeatureTable SYNTH = Blobs.make(3, 30, 4, 1.2, FeatureTable.SYNTHETIC, 4, 43);

    @AfterEach
    void clear() {
        System.clearProperty(Workers.PROPERTY);
    }

    private static List<GainEvaluation.ClassifierGain> evaluate(String workers, List<String> order) {
        System.setProperty(Workers.PROPERTY, workers);
        List<GainEvaluation.Trial> trials = GainEvaluation.repeatedTrials(TRAIN, SYNTH, TEST, 6, 0.8, 5);
        return GainEvaluation.evaluate(trials, Classifiers.byNames("logreg,svm,mlp"), order::add);
    }

    @Test
    void trialsOnTwoWorkersGiveTheSerialSummaries() {
        List<String> serialSteps = new ArrayList<>();
        List<String> parallelSteps = java.util.Collections.synchronizedList(new ArrayList<>());
        List<GainEvaluation.ClassifierGain> serial = evaluate("1", serialSteps);
        List<GainEvaluation.ClassifierGain> parallel = evaluate("2", parallelSteps);
        assertEquals(serial, parallel, "every classifier's summaries, per-trial values included");
        assertEquals(3 * 6 * 3, serialSteps.size(), "3 classifiers x 6 trials x 3 arms");
        assertEquals(new java.util.TreeSet<>(serialSteps), new java.util.TreeSet<>(parallelSteps), "every fit told once");
        // the trials differ from each other (else equal summaries prove little)
        assertTrue(serial.get(0).real().get(Metric.BALANCED_ACCURACY).sd() > 0, "trials vary");
    }

    @Test
    void aConcurrentSourceRunsTheSweepsSubsetsOnWorkersWithTheSerialResult() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<List<LowDataSweep.Point>> runs = new ArrayList<>();
        for (String workers : List.of("1", "2")) {
            System.setProperty(Workers.PROPERTY, workers);
            SyntheticSource source = new SyntheticSource() {
                @Override
                public FeatureTable synthesize(FeatureTable subset, long seed) {
                    threads.add(Thread.currentThread().getName());
                    // rows from the subset itself, jittered with the call's seed
                    return GainEvaluationTest.jittered(subset, seed);
                }

                @Override
                public boolean concurrent() {
                    return true;
                }
            };
            runs.add(LowDataSweep.run(TRAIN, TEST, source, Classifiers.byNames("logreg,svm"), List.of(0.25, 0.5, 1.0), 4, 9,
                    subset -> java.util.Map.of("c0", 5, "c1", 5, "c2", 5), s -> { }));
        }
        assertEquals(runs.get(0), runs.get(1), "every point, gain and ceiling");
        assertTrue(threads.stream().anyMatch(n -> n.startsWith("spectrogan-worker-")), "the 2-worker run used the pool: " + threads);
    }
}
