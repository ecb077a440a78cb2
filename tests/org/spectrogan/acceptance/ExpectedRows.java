package org.spectrogan.acceptance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The real rows per class a shipped pipeline must yield, computed here from the data files with code of its own
 * (WAV, MAT and EDF+ headers and annotations, a CSV's label column) and the window, step and time-block settings of the pipeline file,
 * never through the readers or the feature code under test. Labels as the CSVs write them.
 */
final class ExpectedRows {
    private ExpectedRows() {
    }

    /**
     * UCI EEG Eye State (one CSV, 128 Hz, label column {@code class}: 0 eyes open, 1 eyes closed): windows of
     * {@code windowSamples} every {@code stepSamples} over the whole recording; a window whose samples do not all
     * carry one label is dropped, and so is one that spans the edge of a {@code blockSamples} time block.
     */
    static Map<String, Integer> eegEyeState(Path csv, int windowSamples, int stepSamples, int blockSamples) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        int labelColumn = List.of(header).indexOf("class");
        String[] label = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank())
                .map(l -> l.split(",")[labelColumn].trim()).toArray(String[]::new);
        Map<String, Integer> counts = new TreeMap<>();
        for (int start = 0; start + windowSamples <= label.length; start += stepSamples) {
            int end = start + windowSamples - 1;
            boolean oneLabel = true;
            for (int i = start; i <= end && oneLabel; i++) {
                oneLabel = label[i].equals(label[start]);
            }
            if (oneLabel && start / blockSamples == end / blockSamples) {
                counts.merge(label[start].equals("0") ? "eyes_open" : "eyes_closed", 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * New Delhi epilepsy segments (folders ictal/, interictal/, preictal/ of one-channel MAT v5 files): per file
     * {@code 1 + (samples - window) / step} windows, the sample count read from the MAT file's array dimensions.
     */
    static Map<String, Integer> delhi(Path folder, int windowSamples, int stepSamples) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String cls : List.of("ictal", "interictal", "preictal")) {
            for (Path f : files(folder.resolve(cls), ".mat")) {
                long n = matElements(f);
                if (n >= windowSamples) {
                    counts.merge(cls, (int) (1 + (n - windowSamples) / stepSamples), Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Free Spoken Digit Dataset ({digit}_{speaker}_{index}.wav): per clip {@code 1 + (samples - window) / step}
     * patches, a clip shorter than one patch padded to one (padShort); then, as {@code --quick} documents, a
     * stratified share of about {@code maxRows} rows: each class keeps round(maxRows / all rows x its rows).
     */
    static Map<String, Integer> fsdd(Path folder, int windowSamples, int stepSamples, int maxRows) throws IOException {
        Pattern name = Pattern.compile("^(\\d)_([a-z]+)_\\d+\\.wav$");
        Map<String, Integer> counts = new TreeMap<>();
        for (Path f : files(folder, ".wav")) {
            Matcher m = name.matcher(f.getFileName().toString());
            if (m.matches()) {
                long n = wavFrames(f);
                counts.merge("class-" + m.group(1), n < windowSamples ? 1 : (int) (1 + (n - windowSamples) / stepSamples), Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total > maxRows) {
            double share = maxRows / (double) total;
            counts.replaceAll((k, v) -> (int) Math.round(share * v));
        }
        return counts;
    }

    /**
     * PhysioNet EEG Motor Movement/Imagery EDF+ runs (one file per run, 160 Hz, T0/T1/T2 annotations; T1/T2 mean
     * left/right fist in runs 3, 4, 7, 8, 11, 12 and both fists/feet in the others): windows of {@code windowSamples}
     * on the recording's grid of {@code stepSamples} that lie wholly inside one annotation (its onset and end
     * rounded to samples) and inside the recording, for the labels in {@code classes}. The annotations are parsed
     * here from the EDF+ header and the "EDF Annotations" signal's TALs ({@code +onset\x15duration\x14text\x14}).
     */
    static Map<String, Integer> eegmmi(Path folder, int windowSamples, int stepSamples, List<String> classes) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path f : files(folder, ".edf")) {
            byte[] b = Files.readAllBytes(f);
            int headerBytes = Integer.parseInt(ascii(b, 184, 8));
            int records = Integer.parseInt(ascii(b, 236, 8));
            double recordSeconds = Double.parseDouble(ascii(b, 244, 8));
            int signals = Integer.parseInt(ascii(b, 252, 4));
            int[] perRecord = new int[signals];
            int annotations = -1;
            for (int i = 0; i < signals; i++) {
                perRecord[i] = Integer.parseInt(ascii(b, 256 + signals * 216 + i * 8, 8));
                if (ascii(b, 256 + i * 16, 16).equals("EDF Annotations")) {
                    annotations = i;
                }
            }
            double rateHz = perRecord[0] / recordSeconds;
            long samples = (long) records * perRecord[0];
            int recordBytes = 0;
            int before = 0;
            for (int i = 0; i < signals; i++) {
                before += i < annotations ? perRecord[i] * 2 : 0;
                recordBytes += perRecord[i] * 2;
            }
            int run = Integer.parseInt(f.getFileName().toString().replaceAll(".*R(\\d\\d)\\.edf$", "$1"));
            boolean fists = List.of(3, 4, 7, 8, 11, 12).contains(run);
            Map<String, String> names = Map.of("T0", "rest", "T1", fists ? "left_fist" : "both_fists",
                    "T2", fists ? "right_fist" : "both_feet");
            for (int r = 0; r < records; r++) {
                int from = headerBytes + r * recordBytes + before;
                String block = new String(b, from, perRecord[annotations] * 2, StandardCharsets.UTF_8);
                for (String tal : block.split("\u0000")) {
                    String[] parts = tal.split("\u0014");
                    String[] time = parts[0].split("\u0015");
                    if (parts.length < 2 || time[0].isEmpty()) {
                        continue; // padding after the last TAL
                    }
                    double onset = Double.parseDouble(time[0]);
                    double duration = time.length > 1 ? Double.parseDouble(time[1]) : 0;
                    for (int t = 1; t < parts.length; t++) {
                        String label = names.get(parts[t]);
                        if (label == null || !classes.contains(label)) {
                            continue;
                        }
                        long start = Math.round(onset * rateHz);
                        long end = Math.min(Math.round((onset + duration) * rateHz), samples);
                        for (long at = (start + stepSamples - 1) / stepSamples * stepSamples; at + windowSamples <= end; at += stepSamples) {
                            counts.merge(label, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return counts;
    }

    /**
     * Dagstuhl ChoirSet close-up microphone tracks ({@code *_{S1|A2|T2|B2}_{DYN|HSM|LRX}.wav} anywhere under
     * {@code folder}; the voice part is the label): frames of {@code frameSamples} every {@code hopSamples} from
     * the WAV header's frame count, a frame that spans the edge of a {@code blockSamples} time block dropped.
     */
    static Map<String, Integer> singing(Path folder, int frameSamples, int hopSamples, int blockSamples) throws IOException {
        Map<String, String> parts = Map.of("S1", "soprano", "A2", "alto", "T2", "tenor", "B2", "bass");
        Pattern name = Pattern.compile("_(S1|A2|T2|B2)_(DYN|HSM|LRX)\\.wav$");
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> wavs;
        try (Stream<Path> s = Files.walk(folder)) {
            wavs = s.filter(p -> name.matcher(p.getFileName().toString()).find()).sorted().toList();
        }
        for (Path wav : wavs) {
            Matcher m = name.matcher(wav.getFileName().toString());
            m.find();
            long n = wavFrames(wav);
            for (long start = 0; start + frameSamples <= n; start += hopSamples) {
                if (start / blockSamples == (start + frameSamples - 1) / blockSamples) {
                    counts.merge(parts.get(m.group(1)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.US_ASCII).trim();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Sample frames of a PCM WAV file: the data chunk's size over the fmt chunk's block align. */
    static long wavFrames(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = 0;
        for (int pos = 12; pos + 8 <= b.limit(); ) {
            String id = new String(b.array(), pos, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (id.equals("fmt ")) {
                blockAlign = b.getShort(pos + 8 + 12);
            } else if (id.equals("data")) {
                return size / blockAlign;
            }
            pos += 8 + (int) size + (int) (size & 1);
        }
        throw new IOException(wav + ": no data chunk");
    }

    /**
     * Elements of the first array in a MAT v5 file (rows x columns), from its dimensions sub-element; a
     * compressed element (miCOMPRESSED) is inflated first.
     */
    static long matElements(Path mat) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(mat)).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getInt(128);
        int size = b.getInt(132);
        ByteBuffer m = b;
        int at = 128;
        if (type == 15) { // miCOMPRESSED: the element is a zlib stream
            Inflater inf = new Inflater();
            inf.setInput(b.array(), 136, size);
            byte[] out = new byte[1 << 20];
            int n;
            try {
                n = inf.inflate(out);
            } catch (DataFormatException e) {
                throw new IOException(mat + ": " + e.getMessage(), e);
            }
            m = ByteBuffer.wrap(out, 0, n).order(ByteOrder.LITTLE_ENDIAN);
            at = 0;
            type = m.getInt(0);
        }
        if (type != 14) {
            throw new IOException(mat + ": first element is not an array (type " + type + ")");
        }
        // miMATRIX: tag (8), array flags (tag 8 + 8), dimensions (tag: type int32, byte count; then the values)
        int dimsTag = at + 8 + 16;
        int dimsBytes = m.getInt(dimsTag + 4);
        long elements = 1;
        for (int k = 0; k < dimsBytes / 4; k++) {
            elements *= m.getInt(dimsTag + 8 + 4 * k);
        }
        return elements;
    }
}
