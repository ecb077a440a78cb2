package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spectrogan.evaluate.Classifiers;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.gan.GanConfig;

/** evaluation.averaged.firstRepeat: a study run in chunks has exactly the draws and accuracies of one run. */
class AveragedChunksTest {
    private static AveragedProtocol.Result run(FeatureTable train, FeatureTable test, int repeats, int first) {
        AveragedProtocol.Settings s = new AveragedProtocol.Settings(List.of(3, 5), 8, 1.0, List.of("oversample", "noise"), repeats, 7, first);
        return new AveragedProtocol(s, FakeGan.trainer(0), GanConfig.builder().setLoss(GanConfig.Loss.WGAN_GP).optSteps(1).build(),
                List.of("c0", "c1"), List.of(Classifiers.byName("logreg")), Map.of()).run(train, test, Path.of("p.json"), line -> { });
    }

    @Test
    void twoChunksPoolIntoTheSingleRun() {
        FeatureTable all = Tables.gaussian(2, 16, 6, 4, 1.5, 11);
        Set<String> testGroups = Set.of("g0", "g1", "g2", "g3");
        FeatureTable test = all.filter(r -> testGroups.contains(r.group()));
        FeatureTable train = all.filter(r -> !testGroups.contains(r.group()));
        AveragedProtocol.Result whole = run(train, test, 4, 0);
        AveragedProtocol.Result a = run(train, test, 2, 0);
        AveragedProtocol.Result b = run(train, test, 2, 2);
        for (int p : new int[] {3, 5}) {
            List<AveragedProtocol.Draw> w = whole.draws().stream().filter(d -> d.trainParticipants() == p).toList();
            List<AveragedProtocol.Draw> ab = new ArrayList<>(a.draws().stream().filter(d -> d.trainParticipants() == p).toList());
            ab.addAll(b.draws().stream().filter(d -> d.trainParticipants() == p).toList());
            assertEquals(w, ab, "the same participants, repeat numbers and counts");
            assertEquals(List.of(0, 1, 2, 3), ab.stream().map(AveragedProtocol.Draw::repeat).toList());
            for (String arm : whole.arms()) {
                List<Double> one = cell(whole, p, arm);
                List<Double> pooled = new ArrayList<>(cell(a, p, arm));
                pooled.addAll(cell(b, p, arm));
                assertEquals(one, pooled, arm + " accuracies at " + p);
            }
        }
        // the chunks' draws differ (not the same repeat twice)
        assertTrue(!a.draws().get(0).participants().equals(b.draws().get(0).participants())
                || !a.draws().get(1).participants().equals(b.draws().get(1).participants()));
        var bad = assertThrows(IllegalArgumentException.class, () -> new PipelineConfig.Averaged(null, null, null, null, -1));
        assertTrue(bad.getMessage().contains("firstRepeat must be >= 0"), bad.getMessage());
        assertEquals(0, new PipelineConfig.Averaged(null, null, null, null).firstRepeat());
    }

    private static List<Double> cell(AveragedProtocol.Result r, int p, String arm) {
        return r.cells().stream().filter(c -> c.trainParticipants() == p && c.arm().equals(arm)).findFirst().orElseThrow().accuracy().values();
    }
}
