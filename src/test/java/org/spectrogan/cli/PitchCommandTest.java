package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;

class PitchCommandTest {
    @Test
    void scoresVocaditoAgainstItsAnnotationAndWritesTheTrack(@TempDir Path tmp) throws Exception {
        Path wav = SharedData.require("data/singing-clips/vocadito__Audio__vocadito_1.wav");
        Path f0 = SharedData.require("data/singing-clips/f0/vocadito__Annotations__F0__vocadito_1_f0.csv");
        Path out = tmp.resolve("track.csv");
        CliRun r = CliRun.of("pitch", "--input", wav.toString(), "--reference", f0.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("median error ([0-9.]+) cents").matcher(r.out());
        assertTrue(m.find(), r.out());
        double cents = Double.parseDouble(m.group(1));
        assertTrue(cents < 25, "median cents " + cents);
        assertTrue(Files.readAllLines(out).size() > 100);
        assertEquals("time_s,f0_hz", Files.readAllLines(out).get(0));
        // the output is never overwritten silently
        CliRun again = CliRun.of("pitch", "--input", wav.toString(), "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void aBadReferenceLineIsNamed(@TempDir Path tmp) throws Exception {
        Path wav = SharedData.require("data/singing-clips/vocadito__Audio__vocadito_1.wav");
        Path ref = tmp.resolve("bad.csv");
        Files.writeString(ref, "0.0,100\n0.1,abc\n");
        CliRun r = CliRun.of("pitch", "--input", wav.toString(), "--reference", ref.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.status());
        assertTrue(r.err().contains("bad.csv") && r.err().contains("line 2"), r.err());
    }
}
