package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.features.FeatureTable;

/** inspect and features on an adapter with format table (kind raw), and train's input from it. */
class TableCommandsTest {
    @TempDir
    Path dir;

    private Path fixture() throws Exception {
        Path csv = dir.resolve("trials.csv");
        StringBuilder sb = new StringBuilder("Participant_ID,Condition,Time1,Time2,Time3,Time4\n");
        for (int p = 1; p <= 3; p++) {
            for (int c = 0; c <= 1; c++) {
                sb.append(p).append(".0,").append(c).append(".0,").append(p).append(',').append(p).append(',')
                        .append(p + 4 * c).append(',').append(p + 8 * c).append('\n');
            }
        }
        Files.writeString(csv, sb.toString());
        Files.writeString(dir.resolve("adapter.json"), "{\"format\": \"table\", \"table\": {\"label\": \"Condition\", \"group\":"
                + " \"Participant_ID\", \"features\": [\"Time*\"]}, \"labelMap\": [{\"map\": {\"1\": \"related\", \"0\": \"unrelated\"}}]}");
        return csv;
    }

    @Test
    void inspectDescribesTheTable() throws Exception {
        Path csv = fixture();
        CliRun r = CliRun.of("inspect", csv.toString(), "--adapter", dir.resolve("adapter.json").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("examples:    6") && r.out().contains("columns:     4") && r.out().contains("groups:      3"), r.out());
        assertTrue(r.out().contains("related") && r.out().contains("unrelated"), r.out());
    }

    @Test
    void featuresRawWithBaselineAndDecimation() throws Exception {
        Path csv = fixture();
        Path out = dir.resolve("raw.csv");
        CliRun r = CliRun.of("features", "--input", csv.toString(), "--adapter", dir.resolve("adapter.json").toString(),
                "--kind", "raw", "--baseline-samples", "2", "--decimate", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        FeatureTable t = FeatureTable.read(out);
        assertEquals(List.of("Time1", "Time3"), t.featureNames());
        assertEquals(6, t.size());
        // participant 2, related: values 2,2,6,10; baseline 2 -> 0,0,4,8; block means 0, 6
        FeatureTable.Row row = t.rows().get(3);
        assertEquals("2", row.group());
        assertEquals("related", row.label());
        assertArrayEquals(new double[] {0, 6}, row.values(), 1e-9);
        CliRun bad = CliRun.of("features", "--input", csv.toString(), "--adapter", dir.resolve("adapter.json").toString(),
                "--kind", "de", "--window-s", "1", "--step-s", "1", "--out", dir.resolve("de.csv").toString());
        assertTrue(bad.status() != 0 && bad.err().contains("use --kind raw"), bad.err());
    }
}
