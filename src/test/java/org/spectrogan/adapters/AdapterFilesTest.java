package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;

/** Every adapter in data-adapters/ loads and reads its shared dataset with the labels and groups it promises. */
class AdapterFilesTest {
    @TempDir
    Path tmp;

    private static final Map<String, String> DATA = Map.of(
            "eeg-eye-state", "data/eeg-eye-state",
            "eegmmi", "data/eegmmi-s001",
            "eegmmi-t012", "data/eegmmi-s001",
            "delhi-epilepsy", "data/delhi-epilepsy-mat",
            "fsdd", "data/fsdd",
            "singing-clips", "data/singing-clips",
            "singing-clips-singer", "data/singing-clips",
            "erpcore-n400", "data/erpcore-n400", "eegmat", "data/eegmat/edf", // h13: read in ExampleTablesTest and
            "sleep-edf", "data/sleep-edf-features/features");             // TablePipelinesAcceptanceTest

    private static AdapterSpec adapter(String name) {
        return AdapterSpec.load(SharedData.projectRoot().resolve("data-adapters").resolve(name + ".json"));
    }

    private static Map<String, Integer> labelCounts(List<Recording> recs) {
        Map<String, Integer> m = new TreeMap<>();
        recs.forEach(r -> r.segments().forEach(s -> m.merge(s.label(), 1, Integer::sum)));
        return m;
    }

    @Test
    void everyAdapterFileIsCoveredAndLoads() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(SharedData.projectRoot().resolve("data-adapters"))) {
            files = s.map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(DATA.keySet()), files, "every adapter file has a dataset in this test");
        for (String f : files) {
            AdapterSpec spec = adapter(f);
            assertTrue(spec.description() != null && !spec.description().isBlank(), f + " describes itself");
            // and survives a JSON round trip
            assertEquals(spec, AdapterSpec.parse(spec.toJson(), f));
        }
    }

    @Test
    void eegEyeState() {
        List<Recording> recs = Recordings.read(SharedData.require(DATA.get("eeg-eye-state")), adapter("eeg-eye-state"));
        assertEquals(1, recs.size());
        Recording r = recs.get(0);
        assertEquals(128.0, r.sampleRateHz());
        assertEquals(14, r.channelCount());
        assertEquals(14980, r.sampleCount());
        assertEquals(Set.of("eyes_open", "eyes_closed"), labelCounts(recs).keySet());
        double covered = r.segments().stream().mapToDouble(LabelledSegment::durationSeconds).sum();
        assertEquals(r.durationSeconds(), covered, 1e-9, "every sample has a label");
        assertEquals(4329.23, r.physicalValue(0, 0), 1e-9);
    }

    @Test
    void eegmmiRunDependentLabelsAndRunGroups() {
        List<Recording> raw = Recordings.read(SharedData.require(DATA.get("eegmmi")), adapter("eegmmi-t012"));
        List<Recording> mapped = Recordings.read(SharedData.require(DATA.get("eegmmi")), adapter("eegmmi"));
        assertEquals(6, mapped.size());
        assertEquals(List.of("R03", "R04", "R05", "R06", "R07", "R08"), mapped.stream().map(Recording::groupId).toList());
        Map<String, String> t1 = new HashMap<>();
        for (int k = 0; k < 6; k++) {
            Recording a = raw.get(k);
            Recording b = mapped.get(k);
            assertEquals(a.segments().size(), b.segments().size());
            for (int i = 0; i < a.segments().size(); i++) {
                LabelledSegment s = a.segments().get(i);
                LabelledSegment m = b.segments().get(i);
                assertEquals(s.onsetSeconds(), m.onsetSeconds());
                assertEquals(s.durationSeconds(), m.durationSeconds());
                String run = b.groupId();
                boolean fists = Set.of("R03", "R04", "R07", "R08").contains(run);
                String want = switch (s.label()) {
                    case "T0" -> "rest";
                    case "T1" -> fists ? "left_fist" : "both_fists";
                    case "T2" -> fists ? "right_fist" : "both_feet";
                    default -> throw new AssertionError(s.label());
                };
                assertEquals(want, m.label(), run + " " + s.label());
                t1.put(run, fists ? "fists" : "both");
            }
        }
        assertEquals(Set.of("rest", "left_fist", "right_fist", "both_fists", "both_feet"), labelCounts(mapped).keySet());
    }

    @Test
    void delhiEpilepsy() {
        List<Recording> recs = Recordings.read(SharedData.require(DATA.get("delhi-epilepsy")), adapter("delhi-epilepsy"));
        assertEquals(150, recs.size());
        assertEquals(Map.of("ictal", 50, "interictal", 50, "preictal", 50), labelCounts(recs));
        assertEquals(150, recs.stream().map(Recording::groupId).distinct().count());
        for (Recording r : recs) {
            assertEquals(1024, r.sampleCount());
            assertEquals(200.0, r.sampleRateHz());
            assertEquals(r.sourcePath().getParent().getFileName().toString(), r.segments().get(0).label());
        }
    }

    @Test
    void fsddDigitsBySpeaker() {
        List<Recording> recs = Recordings.read(SharedData.require(DATA.get("fsdd")), adapter("fsdd"));
        assertEquals(2500, recs.size());
        Map<String, Integer> labels = labelCounts(recs);
        assertEquals(10, labels.size());
        labels.values().forEach(n -> assertEquals(250, n));
        assertEquals(Set.of("george", "jackson", "lucas", "nicolas", "theo"),
                recs.stream().map(Recording::groupId).collect(Collectors.toSet()));
        for (Recording r : recs) {
            String name = r.sourcePath().getFileName().toString();
            assertEquals(name.substring(0, 1), r.segments().get(0).label());
            assertTrue(name.contains("_" + r.groupId() + "_"));
        }
    }

    @Test
    void singingClipsByVoicePartSkipTheMixes() {
        List<Recording> recs = Recordings.read(SharedData.require(DATA.get("singing-clips")), adapter("singing-clips"));
        assertEquals(Set.of("soprano", "alto", "tenor", "bass"), labelCounts(recs).keySet());
        assertEquals(Set.of("DYN", "HSM", "LRX"), recs.stream().map(Recording::groupId).collect(Collectors.toSet()));
        for (Recording r : recs) {
            String name = r.sourcePath().getFileName().toString();
            assertTrue(name.startsWith("dagstuhl") && !name.contains("Stereo"), name);
            String part = r.segments().get(0).label();
            assertTrue(name.contains("_" + Map.of("soprano", "S1", "alto", "A2", "tenor", "T2", "bass", "B2").get(part) + "_"), name);
        }
        long dagstuhlParts;
        try (Stream<Path> s = Files.list(SharedData.require(DATA.get("singing-clips")))) {
            dagstuhlParts = s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*_(S1|A2|T2|B2)_(DYN|HSM|LRX)\\.wav")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(dagstuhlParts, recs.size());

        List<Recording> singers = Recordings.read(SharedData.require(DATA.get("singing-clips-singer")), adapter("singing-clips-singer"));
        Set<String> labels = labelCounts(singers).keySet();
        assertTrue(labels.containsAll(Set.of("dagstuhl_S1", "dagstuhl_A2", "dagstuhl_T2", "dagstuhl_B2", "AMairena", "laosheng", "vocadito_1")), labels.toString());
    }

    @Test
    void unmatchedFilesAreAnErrorUnlessSkipped() {
        Path data = SharedData.require(DATA.get("singing-clips"));
        AdapterSpec strict = adapter("singing-clips").toBuilder().optOnUnmatched("error").build();
        SpectroganException e = assertThrows(SpectroganException.class, () -> Recordings.read(data, strict));
        assertTrue(e.getMessage().contains("does not match") && e.getMessage().contains("onUnmatched"), e.getMessage());
    }

    @Test
    void zipReadsLikeTheFolder() throws IOException {
        Path folder = SharedData.require("data/fsdd/recordings");
        List<Path> some;
        try (Stream<Path> s = Files.list(folder)) {
            some = s.filter(p -> p.getFileName().toString().matches("[37]_(george|theo)_1\\d\\.wav")).sorted().toList();
        }
        Path zip = tmp.resolve("fsdd-part.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("recordings/README.md"));
            out.write("not audio".getBytes());
            out.closeEntry();
            for (Path p : some) {
                out.putNextEntry(new ZipEntry("recordings/" + p.getFileName()));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        AdapterSpec fsdd = adapter("fsdd");
        List<Recording> fromZip = Recordings.read(zip, fsdd);
        assertEquals(some.size(), fromZip.size());
        assertEquals(40, fromZip.size());
        for (int i = 0; i < some.size(); i++) {
            Recording a = Recordings.readFile(some.get(i), fsdd);
            Recording b = fromZip.get(i);
            assertEquals(a.segments(), b.segments());
            assertEquals(a.groupId(), b.groupId());
            assertArrayEquals(a.channel(0), b.channel(0));
            assertEquals(zip.resolve("recordings").resolve(some.get(i).getFileName()), b.sourcePath());
            assertEquals(zip, b.containerFile());
            assertEquals(some.get(i), a.containerFile());
        }
        // label from the folder inside the zip
        assertEquals("recordings", Recordings.read(zip, fsdd.toBuilder().optLabelFrom("folder").build()).get(0).segments().get(0).label());
    }

    @Test
    void labelMapRulesDependOnTheFileAndDropLabelsDrops() {
        AdapterSpec spec = AdapterSpec.parse("""
                {"labelFrom": "regex:^(\\\\d)_([a-z]+)_", "groupFrom": "regex",
                 "labelMap": [{"files": "_theo_", "map": {"3": "three-theo"}}, {"map": {"3": "three", "7": "seven"}}],
                 "dropLabels": ["seven"], "include": "[37]_*_1.wav"}""", "test");
        List<Recording> recs = Recordings.read(SharedData.require("data/fsdd/recordings"), spec);
        assertEquals(10, recs.size());
        for (Recording r : recs) {
            String name = r.sourcePath().getFileName().toString();
            if (name.startsWith("7_")) {
                assertEquals(List.of(), r.segments(), name);
            } else {
                assertEquals(name.contains("_theo_") ? "three-theo" : "three", r.segments().get(0).label(), name);
            }
        }
    }

    @Test
    void autoFolderReadsTheDominantFormatOnly() {
        // delhi: 150 .mat files beside "Datasets Information.txt"; singing clips: .wav beside f0/*.csv annotations
        List<Recording> mats = Recordings.read(SharedData.require("data/delhi-epilepsy-mat"),
                AdapterSpec.defaults().toBuilder().optRateHz(200.0).optLabelFrom("folder").build());
        assertEquals(150, mats.size());
        assertTrue(mats.stream().allMatch(r -> r.format().equals("mat")));
        List<Recording> wavs = Recordings.read(SharedData.require("data/singing-clips"), AdapterSpec.defaults());
        assertTrue(wavs.stream().allMatch(r -> r.format().equals("wav")));
        // asking for CSV reads the annotation files instead
        List<Recording> csvs = Recordings.read(SharedData.require("data/singing-clips/f0"),
                AdapterSpec.defaults().toBuilder().optFormat("csv").optInclude("*F0_manual*.csv").optRateHz(100.0).build());
        assertEquals(4, csvs.size());
    }

    @Test
    void badAdapterValuesNameTheKey() {
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> AdapterSpec.parse("{\"format\": \"flac\"}", "a.json"));
        assertTrue(e.getMessage().startsWith("a.json: ") && e.getMessage().contains("flac"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> AdapterSpec.parse("{\"rateHz\": \"fast\"}", "a.json"));
        assertTrue(e.getMessage().contains("rateHz"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> AdapterSpec.parse("{\"labelFrom\": \"regex:([a-z\"}", "a.json"));
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> AdapterSpec.parse("{\"groupFrom\": \"regex\"}", "a.json"));
        assertTrue(e.getMessage().contains("labelFrom"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> AdapterSpec.load(tmp.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json") && e.getMessage().contains("not found"), e.getMessage());
    }
}
