package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.adapters.ExampleTable;
import org.spectrogan.common.SpectroganException;

class RawExamplesTest {
    private static ExampleTable table() {
        return new ExampleTable(List.of("t1", "t2", "t3", "t4", "t5"), List.of(Path.of("a.csv")), new int[] {0, 0},
                new int[] {0, 1}, new String[] {"p1", "p1"}, new String[] {"x", "y"},
                new float[][] {{1, 3, 5, 7, 9}, {2, 2, 2, 2, 12}}, 30.0);
    }

    @Test
    void passThroughKeepsColumnsLabelsGroupsAndTimes() {
        FeatureTable t = RawExamples.passThrough().apply(table());
        assertEquals(List.of("t1", "t2", "t3", "t4", "t5"), t.featureNames());
        assertArrayEquals(new double[] {1, 3, 5, 7, 9}, t.rows().get(0).values());
        assertEquals("y", t.rows().get(1).label());
        assertEquals("p1", t.rows().get(1).group());
        assertEquals(30.0, t.rows().get(1).t0());
    }

    @Test
    void baselineThenDecimationByBlockMeans() {
        // baseline = mean of the first 2 values: row 0 -> 2, row 1 -> 2; blocks of 2: (t1,t2) (t3,t4) (t5)
        FeatureTable t = new RawExamples(2, 2).apply(table());
        assertEquals(List.of("t1", "t3", "t5"), t.featureNames());
        assertArrayEquals(new double[] {0, 4, 7}, t.rows().get(0).values(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 10}, t.rows().get(1).values(), 1e-12);
    }

    @Test
    void featuresSectionKeysAreChecked() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals(new RawExamples(4, 26), RawExamples.fromJson(m.readTree("{\"kind\": \"raw\", \"decimate\": 4, \"baselineSamples\": 26}"), Path.of("p.json")));
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> RawExamples.fromJson(m.readTree("{\"kind\": \"de\"}"), Path.of("p.json")));
        assertTrue(e.getMessage().contains("p.json") && e.getMessage().contains("\"kind\": \"raw\""), e.getMessage());
        e = assertThrows(SpectroganException.class,
                () -> RawExamples.fromJson(m.readTree("{\"kind\": \"raw\", \"window\": 2}"), Path.of("p.json")));
        assertTrue(e.getMessage().contains("unknown key 'window'"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> new RawExamples(1, 6).apply(table()));
        assertTrue(e.getMessage().contains("baselineSamples 6 is more than the 5 columns"), e.getMessage());
    }
}
