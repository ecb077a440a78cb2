package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;

/**
 * pairedAnnotations: labels from a hypnogram matched by name. On ../shared the Sleep-EDF hypnograms, cut into 30 s
 * epochs without "Sleep stage ?" and "Movement time", give every npz epoch the stage of the npz's own y (counted
 * here per file); a missing, an ambiguous and a too-short pair are one-line errors; an EDF recording takes its
 * segments from its pair.
 */
class PairedAnnotationsTest {
    @TempDir
    Path dir;

    /** The hypnogram pairing of the Sleep-EDF features, as an adapter file would hold it. */
    static final String HYPNOGRAM_ADAPTER = """
            {"format": "table", "include": "*.npz", "groupFrom": "regex:^SC4(\\\\d\\\\d)\\\\d",
             "table": {"x": "X", "columns": "0-17", "exampleSeconds": 30},
             "pairedAnnotations": {"folder": "../hypnograms", "match": "^(SC4\\\\d{3})",
                                   "skipLabels": ["Sleep stage ?", "Movement time"]},
             "labelMap": [{"map": {"Sleep stage W": "W", "Sleep stage 1": "N1", "Sleep stage 2": "N2",
                                   "Sleep stage 3": "N3", "Sleep stage 4": "N3", "Sleep stage R": "REM"}}]}
            """;

    @Test
    void hypnogramEpochsAgreeWithTheNpzLabelsOnSharedData() {
        Path features = SharedData.require("data/sleep-edf-features/features");
        ExampleTable own = ExampleTables.read(features, AdapterSpec.load(SharedData.projectRoot().resolve("data-adapters/sleep-edf.json")));
        ExampleTable paired = ExampleTables.read(features, AdapterSpec.parse(HYPNOGRAM_ADAPTER, "test adapter"));
        assertEquals(own.size(), paired.size());
        Map<String, int[]> perFile = new TreeMap<>(); // file -> {agree, examples}
        int agree = 0;
        for (int i = 0; i < own.size(); i++) {
            assertEquals(own.files().get(own.fileIndex()[i]), paired.files().get(paired.fileIndex()[i]));
            assertEquals(own.ordinals()[i], paired.ordinals()[i]);
            int[] c = perFile.computeIfAbsent(own.files().get(own.fileIndex()[i]).getFileName().toString(), k -> new int[2]);
            c[1]++;
            if (own.labels()[i].equals(paired.labels()[i])) {
                c[0]++;
                agree++;
            }
        }
        assertEquals(10, perFile.size());
        for (var e : perFile.entrySet()) {
            assertEquals(e.getValue()[1], e.getValue()[0], e.getKey() + ": epochs whose hypnogram stage differs from y");
        }
        assertEquals(own.size(), agree);
        assertEquals(25746, agree, "the ten nights hold 25746 epochs");
        assertEquals(own.countsByLabel(), paired.countsByLabel());
    }

    @Test
    void epochsTakeTheAnnotationAtTheirStartAndSkipTheListedTexts() {
        List<LabelledSegment> a = List.of(new LabelledSegment(0, 90, "W"), new LabelledSegment(90, 30, "?"),
                new LabelledSegment(120, 60, "N1"), new LabelledSegment(210, 30, "N2"));
        // epochs of 30 s: 0-2 W, 3 ?, 4-5 N1, 6 (180-210) in no annotation, 7 N2
        assertEquals(List.of("W", "W", "W", "N1", "N1", "N2"), PairedAnnotations.epochLabels(a, 30, List.of("?")));
        assertEquals(List.of("W", "W", "W", "?", "N1", "N1", "N2"), PairedAnnotations.epochLabels(a, 30, List.of()));
    }

    private Path npz(Path folder, String name, int examples) throws IOException {
        Files.createDirectories(folder);
        double[] x = new double[examples * 2];
        long[] y = new long[examples];
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("X", ExampleTablesTest.npy("<f8", false, new int[] {examples, 2}, ExampleTablesTest.f8(x)));
        arrays.put("y", ExampleTablesTest.npy("<i8", false, new int[] {examples}, ExampleTablesTest.i8(y)));
        return ExampleTablesTest.writeNpz(folder.resolve(name), arrays);
    }

    private static AdapterSpec adapter() {
        return AdapterSpec.parse(HYPNOGRAM_ADAPTER.replace("\"0-17\"", "\"0-1\""), "test adapter");
    }

    @Test
    void missingAmbiguousAndShortPairsAreOneLineErrors() throws IOException {
        Path hyp = SharedData.require("data/sleep-edf-features/hypnograms/SC4001EC-Hypnogram.edf");
        Path features = dir.resolve("features");
        Path hypnograms = dir.resolve("hypnograms");
        Files.createDirectories(hypnograms);
        npz(features, "SC4001E0.npz", 4);
        // no hypnogram with key SC4001
        Files.copy(hyp, hypnograms.resolve("SC4002EC-Hypnogram.edf"));
        var none = assertThrows(SpectroganException.class, () -> ExampleTables.read(features, adapter()));
        assertTrue(none.getMessage().contains("SC4001E0.npz") && none.getMessage().contains("no annotation file with key 'SC4001'"), none.getMessage());
        assertEquals(1, none.getMessage().lines().count());
        // the pair: the first 4 epochs of SC4001EC are W
        Files.copy(hyp, hypnograms.resolve("SC4001EC-Hypnogram.edf"));
        ExampleTable t = ExampleTables.read(features, adapter());
        assertEquals(List.of("W", "W", "W", "W"), List.of(t.labels()));
        // two candidates with the same key
        Files.copy(hyp, hypnograms.resolve("SC4001EX-Hypnogram.edf"));
        var two = assertThrows(SpectroganException.class, () -> ExampleTables.read(features, adapter()));
        assertTrue(two.getMessage().contains("2 annotation files have key 'SC4001'") && two.getMessage().contains("SC4001EX-Hypnogram.edf"),
                two.getMessage());
        assertEquals(1, two.getMessage().lines().count());
        Files.delete(hypnograms.resolve("SC4001EX-Hypnogram.edf"));
        // more examples than the hypnogram's labelled epochs (SC4001EC: 2650 without '?' and movement)
        npz(features, "SC4001E0.npz", 2651);
        var shortPair = assertThrows(SpectroganException.class, () -> ExampleTables.read(features, adapter()));
        assertTrue(shortPair.getMessage().contains("example 2650 has no epoch in its paired annotation file SC4001EC-Hypnogram.edf, which gives 2650 labelled epochs"),
                shortPair.getMessage());
        // a data file whose name has no key
        Files.delete(features.resolve("SC4001E0.npz"));
        npz(features, "night.npz", 3);
        var noKey = assertThrows(SpectroganException.class, () -> ExampleTables.read(features,
                AdapterSpec.parse(HYPNOGRAM_ADAPTER.replace("\"0-17\"", "\"0-1\"").replace("regex:^SC4(\\\\d\\\\d)\\\\d", "file"), "t")));
        assertTrue(noKey.getMessage().contains("night.npz") && noKey.getMessage().contains("does not match '^(SC4\\d{3})'"), noKey.getMessage());
    }

    @Test
    void badSectionsAreRefused() {
        var noGroup = assertThrows(SpectroganException.class, () -> AdapterSpec.parse(
                "{\"pairedAnnotations\": {\"folder\": \"h\", \"match\": \"^SC4\"}}", "a.json"));
        assertTrue(noGroup.getMessage().contains("has no group"), noGroup.getMessage());
        var both = assertThrows(SpectroganException.class, () -> AdapterSpec.parse(
                "{\"labelFrom\": \"folder\", \"pairedAnnotations\": {\"folder\": \"h\", \"match\": \"^(SC4)\"}}", "a.json"));
        assertTrue(both.getMessage().contains("labelFrom must be absent or annotation"), both.getMessage());
        var label = assertThrows(SpectroganException.class, () -> AdapterSpec.parse(
                "{\"format\": \"table\", \"table\": {\"label\": \"y\"}, \"pairedAnnotations\": {\"folder\": \"h\", \"match\": \"^(SC4)\"}}", "a.json"));
        assertTrue(label.getMessage().contains("table.label ('y') must be absent"), label.getMessage());
        AdapterSpec viaBuilder = AdapterSpec.builder().optPairedAnnotations(new PairedAnnotations("h", "^(SC4\\d{3})", null)).build();
        assertEquals("h", viaBuilder.pairedAnnotations().folder());
        assertEquals(viaBuilder, AdapterSpec.parse(viaBuilder.toJson(), "round trip"));
    }

    @Test
    void anEdfRecordingTakesItsSegmentsFromItsPairedHypnogram() throws IOException {
        Path hyp = SharedData.require("data/sleep-edf-features/hypnograms/SC4001EC-Hypnogram.edf");
        Path psgDir = dir.resolve("psg");
        Files.createDirectories(psgDir);
        Files.copy(hyp, dir.resolve("SC4001EC-Hypnogram.edf"));
        int[] samples = new int[100 * 60];
        new EdfWriter(100, 1.0).channel("EEG Fpz-Cz", samples, -100, 100, -32768, 32767).write(psgDir.resolve("SC4001E0-PSG.edf"));
        AdapterSpec spec = AdapterSpec.parse("{\"format\": \"edf\", \"pairedAnnotations\": {\"folder\": \"..\", \"match\": \"^(SC4\\\\d{3})\","
                + " \"skipLabels\": [\"Sleep stage ?\"]}, \"labelMap\": [{\"map\": {\"Sleep stage W\": \"W\"}}]}", "psg adapter");
        Recording r = Recordings.readFile(psgDir.resolve("SC4001E0-PSG.edf"), spec);
        List<LabelledSegment> expected = new ArrayList<>();
        for (LabelledSegment a : EdfAnnotations.read(hyp).annotations()) {
            if (!a.label().equals("Sleep stage ?")) {
                expected.add(a.label().equals("Sleep stage W") ? new LabelledSegment(a.onsetSeconds(), a.durationSeconds(), "W") : a);
            }
        }
        assertEquals(153, expected.size(), "154 annotations (MNE), one of them 'Sleep stage ?'");
        assertEquals(expected, r.segments());
    }
}
