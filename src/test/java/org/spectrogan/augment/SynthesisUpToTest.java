package org.spectrogan.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** synthesis.mode upTo: each named class filled up to its target count in the rows at hand (e.g. every sweep subset). */
class SynthesisUpToTest {
    private static final PipelineConfig.Synthesis UP_TO =
            PipelineConfig.Synthesis.builder().optMode("upTo").optCounts(Map.of("N1", 600, "N3", 300)).build();

    @Test
    void fillsNamedClassesToTheTargetAndNeverBelowZero() {
        Map<String, Integer> real = Map.of("W", 5000, "N1", 150, "N2", 1200, "N3", 420, "REM", 90);
        assertEquals(Map.of("W", 0, "N1", 450, "N2", 0, "N3", 0, "REM", 0), SynthesisPlan.counts(real, UP_TO, 1.0));
        // a quarter subset of the same rows: more synthetic rows, so both end at the same total of N1
        Map<String, Integer> quarter = Map.of("W", 1250, "N1", 38, "N2", 300, "N3", 105, "REM", 23);
        Map<String, Integer> q = SynthesisPlan.counts(quarter, UP_TO, 1.0);
        assertEquals(600, quarter.get("N1") + q.get("N1"));
        assertEquals(300, quarter.get("N3") + q.get("N3"));
        // the do-no-harm check's amount scale applies to the filled amount
        assertEquals(281, SynthesisPlan.counts(quarter, UP_TO, 0.5).get("N1"));
    }

    @Test
    void badSectionsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.Synthesis.builder().optMode("upTo").build());
        assertTrue(e.getMessage().contains("synthesis.mode upTo needs synthesis.counts"), e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> PipelineConfig.Synthesis.builder().optMode("upTo").optCounts(Map.of("N1", -1)).build());
        assertTrue(neg.getMessage().contains("synthesis.counts.N1 must be >= 0 rows"), neg.getMessage());
        var unknown = assertThrows(org.spectrogan.common.SpectroganException.class,
                () -> SynthesisPlan.counts(Map.of("W", 3), UP_TO, 1.0));
        assertTrue(unknown.getMessage().contains("which is not among the classes [W]"), unknown.getMessage());
    }
}
