package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spectrogan.SharedData;
import org.spectrogan.common.SpectroganException;

/**
 * A seeded mutation fuzzer over the six input formats: random byte flips, truncations, header fields rewritten
 * with huge / negative / zero / non-numeric values, non-finite and float-overflowing cells, and zip oddities
 * (odd entry names, duplicates, lying sizes, a bomb). Every mutant must read (finite samples, a positive finite
 * rate) or fail with a {@link SpectroganException} naming the file, and no mutant may allocate more than
 * {@link #MAX_ALLOCATED_BYTES} on the reading thread (measured with the JVM's per-thread allocation counter,
 * under {@link #LIMITS}). Mutants per format: {@value #DEFAULT_MUTANTS}, or {@code -Dspectrogan.fuzz.mutants=N};
 * seed {@code -Dspectrogan.fuzz.seed=S}. A failure names the format, the mutant number and the mutation.
 */
class ReaderFuzzTest {
    static final int DEFAULT_MUTANTS = 300;
    static final ReadLimits LIMITS = new ReadLimits(4_000_000, 8_000_000);
    /** Samples are capped at 16 MB of float32; readers copy at most a few times that. */
    static final long MAX_ALLOCATED_BYTES = 256L << 20;

    @TempDir
    Path tmp;

    private static final byte[] BOMB = new byte[12_000_000];

    private static final String[] HUGE = {"99999999", "-99999999", "0", "-1", "2147483647", "1e308", "-1e308", "1e-320",
        "NaN", "x", "", "+Inf", "1e39", "0.0000001"};

    private static final String[] CELLS = {"1e39", "-1e39", "1e308", "NaN", "Infinity", "-inf", "", "abc", "1e-320",
        "9".repeat(400), "0x10", "1,5", "\"", "3.4028236e38"};

    @ParameterizedTest
    @ValueSource(strings = {"edf", "mat", "csv", "wav", "text", "zip"})
    void everyMutantReadsOrFailsNamingTheFile(String format) throws IOException {
        int mutants = Integer.getInteger("spectrogan.fuzz.mutants", DEFAULT_MUTANTS);
        long seed = Long.getLong("spectrogan.fuzz.seed", 14L) * 31 + format.hashCode();
        Random rnd = new Random(seed);
        List<byte[]> seeds = seeds(format);
        AdapterSpec spec = format.equals("mat") || format.equals("text")
                ? AdapterSpec.defaults().toBuilder().optRateHz(200.0).build() : AdapterSpec.defaults();
        String ext = format.equals("text") ? "txt" : format;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int k = 0; k < seeds.size(); k++) {
            Path seedFile = tmp.resolve("seed" + k + "." + ext);
            Files.write(seedFile, seeds.get(k));
            try {
                assertTrue(!Recordings.read(seedFile, spec, LIMITS).isEmpty());
            } catch (SpectroganException e) {
                assertTrue(e.getMessage().contains("only annotations"), format + " seed " + k + " does not read: " + e.getMessage());
            }
        }
        int read = 0;
        int refused = 0;
        for (int i = 0; i < mutants; i++) {
            byte[] base = seeds.get(rnd.nextInt(seeds.size()));
            StringBuilder what = new StringBuilder();
            byte[] mutant = mutate(format, base, rnd, what);
            Path file = tmp.resolve("m" + i + "." + ext);
            Files.write(file, mutant);
            long before = threads.getThreadAllocatedBytes(thread);
            String where = format + " mutant " + i + " (seed " + seed + "; " + what + ")";
            try {
                List<Recording> recs = Recordings.read(file, spec, LIMITS);
                for (Recording r : recs) {
                    assertTrue(r.sampleRateHz() > 0 && Double.isFinite(r.sampleRateHz()), where + ": rate " + r.sampleRateHz());
                    assertTrue(r.sampleCount() > 0, where + ": empty recording");
                    for (int c = 0; c < r.channelCount(); c++) {
                        for (float v : r.channel(c)) {
                            if (!Float.isFinite(v)) {
                                fail(where + ": non-finite sample in channel " + c);
                            }
                        }
                    }
                }
                read++;
            } catch (SpectroganException e) {
                String m = String.valueOf(e.getMessage());
                assertTrue(m.contains(file.getFileName().toString()), where + ": message does not name the file: " + m);
                assertTrue(!m.contains("\n") && m.length() < 600, where + ": not one short line: " + m);
                refused++;
            } catch (Throwable t) {
                throw new AssertionError(where + ": " + t, t);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < MAX_ALLOCATED_BYTES, where + ": allocated " + allocated + " bytes");
            Files.delete(file);
        }
        System.out.printf("fuzz %s: %d mutants, %d read, %d refused cleanly%n", format, mutants, read, refused);
        assertTrue(read > 0 || format.equals("zip") || format.equals("edf"), format + ": no mutant read at all; the seeds are broken");
    }

    private static List<byte[]> seeds(String format) throws IOException {
        List<byte[]> out = new ArrayList<>();
        switch (format) {
            case "edf" -> {
                out.add(HostileBytes.edf());
                out.add(HostileBytes.edf(3, 8, 5, "-1", "0.5"));
                shared(out, "data/sleep-edf-features/hypnograms/SC4002EC-Hypnogram.edf");
            }
            case "mat" -> {
                out.add(HostileBytes.mat());
                shared(out, "data/delhi-epilepsy-mat/interictal/interictal2.mat");
            }
            case "csv" -> out.add(HostileBytes.csv());
            case "wav" -> {
                out.add(HostileBytes.wav());
                out.add(HostileBytes.wav(3, 32, 1, 16000, 50, -1));
                out.add(HostileBytes.wav(1, 24, 3, 44100, 20, -1));
            }
            case "text" -> out.add(HostileBytes.text());
            case "zip" -> {
                Map<String, byte[]> m = new LinkedHashMap<>();
                m.put("a/r1.csv", HostileBytes.csv());
                m.put("a/r2.csv", HostileBytes.csv());
                out.add(HostileBytes.zip(m));
                out.add(HostileBytes.zip(Map.of("x.edf", HostileBytes.edf(), "y.edf", HostileBytes.edf())));
                out.add(HostileBytes.zip(Map.of("w.wav", HostileBytes.wav())));
            }
            default -> throw new IllegalArgumentException(format);
        }
        return out;
    }

    private static void shared(List<byte[]> out, String relative) throws IOException {
        Path p = SharedData.root().resolve(relative);
        if (Files.isRegularFile(p) && Files.size(p) < 256_000) {
            out.add(Files.readAllBytes(p));
        }
    }

    private static byte[] mutate(String format, byte[] base, Random rnd, StringBuilder what) throws IOException {
        byte[] b = base.clone();
        int kind = rnd.nextInt(5);
        switch (kind) {
            case 0 -> {
                int n = 1 + rnd.nextInt(8);
                what.append("flip ").append(n).append(" bytes");
                for (int k = 0; k < n; k++) {
                    int i = rnd.nextInt(Math.min(b.length, rnd.nextBoolean() ? 300 : b.length));
                    b[i] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            case 1 -> {
                int len = rnd.nextInt(b.length);
                what.append("truncate to ").append(len);
                b = java.util.Arrays.copyOf(b, len);
            }
            default -> b = structured(format, b, rnd, what);
        }
        return b;
    }

    /** Format-aware mutations: header fields, cells, zip names and sizes. */
    private static byte[] structured(String format, byte[] b, Random rnd, StringBuilder what) throws IOException {
        switch (format) {
            case "edf" -> {
                int ns = 2;
                try {
                    ns = Integer.parseInt(new String(b, 252, 4, StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException e) {
                    // keep 2
                }
                int[][] fields = {{184, 8}, {236, 8}, {244, 8}, {252, 4}, {256 + ns * 104, 8}, {256 + ns * 112, 8},
                    {256 + ns * 120, 8}, {256 + ns * 128, 8}, {256 + ns * 216, 8}};
                int[] f = fields[rnd.nextInt(fields.length)];
                String v = HUGE[rnd.nextInt(HUGE.length)];
                what.append("EDF field at ").append(f[0]).append(" = '").append(v).append("'");
                return f[0] + f[1] <= b.length ? HostileBytes.field(b, f[0], f[1], v) : b;
            }
            case "wav", "mat" -> {
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                int[] offsets = format.equals("wav") ? new int[] {4, 16, 20, 22, 24, 28, 32, 34, 40}
                        : new int[] {132, 140, 144, 148, HostileBytes.MAT_DIMS_OFFSET, HostileBytes.MAT_DIMS_OFFSET + 4,
                            HostileBytes.MAT_DIMS_OFFSET + 12, 200, 208};
                int off = offsets[rnd.nextInt(offsets.length)];
                int[] values = {0, -1, 0x7FFFFFFF, 0x80000000, 0xFFFF, 56753, 1 << 20, 3, 7};
                int v = values[rnd.nextInt(values.length)];
                boolean isShort = format.equals("wav") && (off == 20 || off == 22 || off == 32 || off == 34);
                what.append(format).append(" field at ").append(off).append(" = ").append(v);
                if (off + 4 <= b.length) {
                    if (isShort) {
                        bb.putShort(off, (short) v);
                    } else {
                        bb.putInt(off, v);
                    }
                }
                if (format.equals("mat") && rnd.nextInt(4) == 0 && b.length > 250) {
                    long bits = rnd.nextBoolean() ? Double.doubleToLongBits(1e39) : Double.doubleToLongBits(Double.NaN);
                    int at = 200 + 8 * rnd.nextInt((b.length - 208) / 8);
                    bb.putLong(at, bits);
                    what.append(", double at ").append(at);
                }
                if (format.equals("wav") && rnd.nextInt(3) == 0 && b.length > 60) {
                    bb.putInt(44 + 4 * rnd.nextInt((b.length - 48) / 4), Float.floatToIntBits(Float.NaN));
                    what.append(", NaN sample");
                }
                return b;
            }
            case "csv", "text" -> {
                String s = new String(b, StandardCharsets.UTF_8);
                String[] lines = s.split("\n", -1);
                int li = rnd.nextInt(lines.length);
                String sep = format.equals("csv") ? "," : " ";
                String[] cells = lines[li].split(sep, -1);
                int ci = rnd.nextInt(cells.length);
                String cell = CELLS[rnd.nextInt(CELLS.length)];
                cells[ci] = cell;
                lines[li] = String.join(sep, cells);
                if (rnd.nextInt(5) == 0) {
                    lines[li] = lines[li] + sep + "7";
                }
                what.append("line ").append(li).append(" cell ").append(ci).append(" = '")
                        .append(cell.length() > 20 ? cell.substring(0, 20) + "..." : cell).append("'");
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case "zip" -> {
                int k = rnd.nextInt(5);
                Map<String, byte[]> m = new LinkedHashMap<>();
                switch (k) {
                    case 0 -> {
                        String[] odd = {"a\u0001b.csv", "/abs.csv", "../up.csv", "a/../../b.csv", "C:x.csv", "dir/", ".hidden.csv",
                            "__MACOSX/a.csv", "UPPER.CSV", "no-extension"};
                        String n = odd[rnd.nextInt(odd.length)];
                        m.put(n, HostileBytes.csv());
                        m.put("ok.csv", HostileBytes.csv());
                        what.append("entry named '").append(n).append("'");
                        return HostileBytes.zip(m);
                    }
                    case 1 -> {
                        m.put("aa.csv", HostileBytes.csv());
                        m.put("bb.csv", HostileBytes.csv());
                        what.append("duplicate entry names");
                        return HostileBytes.replaceAll(HostileBytes.zip(m), "bb.csv".getBytes(StandardCharsets.US_ASCII),
                                "aa.csv".getBytes(StandardCharsets.US_ASCII));
                    }
                    case 2 -> {
                        what.append("bomb: 12 MB of zeros as a .mat entry (the limit is 8 MB)");
                        m.put("z.mat", BOMB);
                        return HostileBytes.zip(m);
                    }
                    case 3 -> {
                        // The central directory's sizes rewritten: uncompressed size 4 GB - 1.
                        what.append("central directory sizes rewritten");
                        m.put("x.edf", HostileBytes.edf());
                        byte[] z = HostileBytes.zip(m);
                        ByteBuffer bb = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
                        for (int i = 0; i + 46 < z.length; i++) {
                            if (bb.getInt(i) == 0x02014b50) {
                                bb.putInt(i + 24, 0xFFFFFFFE);
                            }
                        }
                        return z;
                    }
                    default -> {
                        what.append("zip inside zip, entry holding a mutated EDF");
                        byte[] edf = mutate("edf", HostileBytes.edf(), rnd, what.append(": "));
                        m.put("inner/e.edf", edf);
                        return HostileBytes.zip(m);
                    }
                }
            }
            default -> throw new IllegalArgumentException(format);
        }
    }
}
