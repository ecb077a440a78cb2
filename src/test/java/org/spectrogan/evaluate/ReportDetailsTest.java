package org.spectrogan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.md's "Details" summarise report.json's {@code extra} (a line or a small table per entry) instead of
 * dumping it: bounded whatever the entry's size, naming each entry and report.json, and every figure shown is the
 * one report.json holds (to the 4 significant digits shown).
 */
class ReportDetailsTest {
    record Point(int step, double score) {
    }

    record Fit(double labelFidelity, double mmd) {
    }

    record Arm(String name, int rows, double score, List<Point> curve, Fit fidelity) {
    }

    record Gate(int dropped, double share) {
    }

    record Details(List<Arm> arms, Gate gate, List<String> files) {
    }

    @Test
    void aLargeEntryGivesABoundedSummaryWhoseFiguresAreThoseOfReportJson(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        List<Arm> arms = new ArrayList<>();
        for (int a = 0; a < 300; a++) {
            List<Point> curve = new ArrayList<>();
            for (int s = 0; s < 60; s++) {
                curve.add(new Point(10 * s, rng.nextDouble()));
            }
            arms.add(new Arm("arm-" + a, 100 + a, rng.nextGaussian() * 1e-3, curve, new Fit(rng.nextDouble(), rng.nextDouble() * 1e-2)));
        }
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add("audio/" + i + ".wav");
        }
        Report report = Report.builder().setTitle("Large details")
                .setSettings(new Report.Settings(List.of("logreg"), 1, 1.0, 1, List.of(1.0), "none"))
                .optDetails(new Details(arms, new Gate(3, 0.123456789), files)).build();
        ReportWriter.write(report, dir);
        String jsonText = Files.readString(dir.resolve("report.json"));
        assertTrue(jsonText.length() > 500_000, "a large entry: " + jsonText.length() + " chars of JSON");
        JsonNode extra = new ObjectMapper().readTree(jsonText).get("extra");
        assertEquals(300, extra.get("arms").size(), "report.json stays complete");
        assertEquals(60, extra.get("arms").get(299).get("curve").size());

        String md = Files.readString(dir.resolve("report.md"));
        String details = md.substring(md.indexOf("## Details"));
        assertTrue(details.length() < 3_000, "bounded: " + details.length() + " chars\n" + details);
        assertTrue(md.length() < 6_000, "the whole report.md: " + md.length() + " chars");
        assertTrue(details.contains("the full data is in report.json"), details);
        assertTrue(details.contains("- **arms**: 300 entries (report.json extra.arms)"), details);
        assertTrue(details.contains("... and 294 more in report.json."), details);
        assertTrue(details.contains("- **gate**: dropped: 3; share: 0.1235\n"), details);
        assertTrue(details.contains("- **files**: 40 entries (report.json extra.files): audio/0.wav, audio/1.wav, audio/2.wav, "
                + "audio/3.wav, audio/4.wav, audio/5.wav, ... (34 more)\n"), details);

        // the table of the first arms: header, separator, 6 rows; every cell against report.json
        List<String> lines = Arrays.stream(details.split("\n")).map(String::strip).filter(l -> l.startsWith("|")).toList();
        assertEquals("| name | rows | score | curve | fidelity.labelFidelity | fidelity.mmd |", lines.get(0));
        assertEquals(2 + 6, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 6; i++) {
            String[] cells = Arrays.stream(lines.get(2 + i).split("\\|")).map(String::strip).filter(c -> !c.isEmpty())
                    .toArray(String[]::new);
            JsonNode arm = extra.get("arms").get(i);
            assertEquals(arm.get("name").asText(), cells[0]);
            assertEquals(arm.get("rows").asInt(), Integer.parseInt(cells[1]));
            assertFourDigits(arm.get("score").asDouble(), cells[2]);
            assertEquals(arm.get("curve").size() + " entries", cells[3]);
            assertFourDigits(arm.get("fidelity").get("labelFidelity").asDouble(), cells[4]);
            assertFourDigits(arm.get("fidelity").get("mmd").asDouble(), cells[5]);
        }
    }

    /** {@code shown} is {@code value} to 4 significant digits. */
    private static void assertFourDigits(double value, String shown) {
        double s = Double.parseDouble(shown);
        assertEquals(value, s, 5e-4 * Math.abs(value) + 1e-300, shown + " for " + value);
        assertTrue(shown.replaceAll("e.*", "").replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() == 4, shown);
    }
}
