package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.spectrogan.SharedData;

/** {@code spectrogan inspect} in text and JSON, on a single EDF+ file and on a folder. */
class InspectCommandTest {
    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void jsonOfOneEdfFile() throws IOException {
        String edf = SharedData.require("data/eegmmi-s001/S001R04.edf").toString();
        JsonNode j = json("inspect", edf, "--json");
        assertEquals("edf", j.get("format").asText());
        assertEquals(160.0, j.get("sampleRateHz").asDouble());
        assertEquals(64, j.get("channels").size());
        assertEquals("Fc5.", j.get("channels").get(0).asText());
        assertEquals(20000, j.get("samples").asLong());
        assertEquals(125.0, j.get("durationSeconds").asDouble(), 1e-12);
        assertEquals(1, j.get("recordings").asInt());
        // 30 annotations in the reference: 15 T0, and T1 + T2 the rest
        int total = 0;
        for (JsonNode n : j.get("labels")) {
            total += n.asInt();
        }
        assertEquals(30, total);
        assertEquals(15, j.get("labels").get("T0").asInt());
        assertTrue(j.get("labelSeconds").get("T0").asDouble() > 0);
    }

    @Test
    void jsonOfAFolderWithAnAdapterAndOverrides() throws IOException {
        String folder = SharedData.require("data/eegmmi-s001").toString();
        String adapter = SharedData.projectRoot().resolve("data-adapters/eegmmi.json").toString();
        JsonNode j = json("inspect", folder, "--adapter", adapter, "--channels", "C3,Cz,C4", "--json");
        assertEquals(6, j.get("recordings").asInt());
        assertEquals(120000, j.get("samples").asLong());
        assertEquals(750.0, j.get("durationSeconds").asDouble(), 1e-9);
        assertEquals("[\"C3..\",\"Cz..\",\"C4..\"]", j.get("channels").toString());
        assertEquals(6, j.get("groupCount").asInt());
        assertTrue(j.get("labels").has("left_fist") && j.get("labels").has("both_feet"));
        // --label-from none overrides the adapter
        JsonNode none = json("inspect", folder, "--adapter", adapter, "--label-from", "none", "--json");
        assertEquals(0, none.get("labels").size());
    }

    @Test
    void bareAdapterNameResolvesInDataAdapters() throws IOException {
        String folder = SharedData.require("data/delhi-epilepsy-mat").toString();
        JsonNode j = json("inspect", folder, "--adapter", "delhi-epilepsy", "--json");
        assertEquals(150, j.get("recordings").asInt());
        assertEquals(200.0, j.get("sampleRateHz").asDouble());
        assertEquals(50, j.get("labels").get("preictal").asInt());
        assertEquals(150, j.get("groupCount").asInt());
    }

    @Test
    void textSummaryAndHelp() {
        String csv = SharedData.require("data/eeg-eye-state/eeg-eye-state.csv").toString();
        CliRun run = CliRun.of("inspect", csv, "--rate-hz", "128", "--label-from", "column:class");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("rate:        128 Hz"), run.out());
        assertTrue(run.out().contains("channels:    14 (AF3,"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  0 +12 segments.*"), run.out());
        CliRun help = CliRun.of("inspect", "--help");
        assertEquals(0, help.status());
        for (String opt : new String[] {"--adapter", "--rate-hz", "--channels", "--label-from", "--variable", "--time-column", "--format", "--json"}) {
            assertTrue(help.out().contains(opt), opt);
        }
    }
}
