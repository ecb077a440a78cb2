package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/** Inputs that are already examples: CSV/TSV, npy/npz and MAT tables, and each bad input's one-line error. */
class ExampleTablesTest {
    @TempDir
    Path dir;

    private static AdapterSpec adapter(String json) {
        return AdapterSpec.parse(json, "test adapter");
    }

    private static String error(Runnable r) {
        SpectroganException e = assertThrows(SpectroganException.class, r::run);
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    // ---- CSV / TSV ------------------------------------------------------------------------------------------

    private Path erpLike() throws IOException {
        Path f = dir.resolve("erp.csv");
        Files.writeString(f, "Participant_ID,Condition,Trial,Electrode,Time1,Time2,Time3\n"
                + "1.0,1.0,1.0,1.0,0.5,1.5,2.5\n"
                + "1.0,0.0,2.0,1.0,-1,-2,-3\n"
                + "2.0,1.0,1.0,1.0,4,5,6\n");
        return f;
    }

    @Test
    void csvWithGlobLabelAndGroupColumns() throws IOException {
        ExampleTable t = ExampleTables.read(erpLike(), adapter("{\"format\": \"table\", \"table\": {\"label\": \"Condition\","
                + " \"group\": \"Participant_ID\", \"features\": [\"Time*\"]}, \"labelMap\": [{\"map\": {\"1\": \"related\", \"0\": \"unrelated\"}}]}"));
        assertEquals(List.of("Time1", "Time2", "Time3"), t.columnNames());
        assertEquals(3, t.size());
        assertArrayEquals(new String[] {"related", "unrelated", "related"}, t.labels());
        assertArrayEquals(new String[] {"1", "1", "2"}, t.groups());
        assertArrayEquals(new float[] {-1, -2, -3}, t.rows()[1]);
        assertArrayEquals(new int[] {0, 1, 2}, t.ordinals());
    }

    @Test
    void tsvWithGroupFromFileNameAndExclude() throws IOException {
        Path f = dir.resolve("sub-07_task.tsv");
        Files.writeString(f, "label\ttrial\ta\tb\nx\t1\t1\t2\ny\t2\t3\t4\n");
        ExampleTable t = ExampleTables.read(f, adapter("{\"format\": \"table\", \"groupFrom\": \"regex:sub-(\\\\d+)\","
                + " \"table\": {\"exclude\": [\"trial\"]}}"));
        assertEquals(List.of("a", "b"), t.columnNames());
        assertArrayEquals(new String[] {"07", "07"}, t.groups());
        assertArrayEquals(new String[] {"x", "y"}, t.labels());
    }

    @Test
    void erpCoreCsvThroughTheShippedAdapter() throws IOException {
        Path csv = Path.of("../shared/data/erpcore-n400/erpcore_N400_all40.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(csv) || "true".equals(System.getenv("CI")), "no ../shared");
        // counts straight from the file, independent of the reader
        Map<String, Integer> perCondition = new TreeMap<>();
        java.util.Set<String> participants = new java.util.TreeSet<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            participants.add(c[0]);
            perCondition.merge(c[1], 1, Integer::sum);
        }
        ExampleTable t = ExampleTables.read(csv, AdapterSpec.load(Path.of("data-adapters/erpcore-n400.json")));
        assertEquals(lines.size() - 1, t.size());
        assertEquals(128, t.columnCount());
        assertEquals(participants.size(), t.countsByGroup().size());
        assertEquals(perCondition.get("1.0"), t.countsByLabel().get("related"));
        assertEquals(perCondition.get("0.0"), t.countsByLabel().get("unrelated"));
        String[] first = lines.get(1).split(",");
        assertEquals(Float.parseFloat(first[4]), t.rows()[0][0]);
        assertEquals(Float.parseFloat(first[131]), t.rows()[0][127]);
    }

    @Test
    void raggedRowIsAnError() throws IOException {
        Path f = dir.resolve("ragged.csv");
        Files.writeString(f, "label,a,b\nx,1,2\ny,3\n");
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\"}")));
        assertTrue(m.contains("ragged.csv") && m.contains("line 3 has 2 cells, the header has 3"), m);
    }

    @Test
    void missingLabelColumnIsAnError() throws IOException {
        String m = error(() -> {
            try {
                ExampleTables.read(erpLike(), adapter("{\"format\": \"table\", \"table\": {\"label\": \"Cond\"}}"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(m.contains("erp.csv") && m.contains("no label column 'Cond'") && m.contains("Participant_ID"), m);
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "label,a,b\nx,1,2\ny,3,oops\n");
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\"}")));
        assertTrue(m.contains("bad.csv") && m.contains("line 3, column 'b': not a number: 'oops'"), m);
    }

    // ---- table.transforms ------------------------------------------------------------------------------------

    /** Columns p_alpha, p_beta hold ln(p + 1e-10) of the powers 2e-12 and 5e-11 (V^2); raw holds 3; other 7. */
    private Path logPowers(double pAlpha) throws IOException {
        Path f = dir.resolve("powers.csv");
        Files.writeString(f, "label,p_alpha,p_beta,raw,other\n"
                + "x," + Math.log(pAlpha + 1e-10) + "," + Math.log(5e-11 + 1e-10) + ",3,7\n"
                + "y," + Math.log(1e-10 + 1e-10) + "," + Math.log(1e-10 + 1e-10) + ",0,-7\n");
        return f;
    }

    private static final String TRANSFORMS = "{\"format\": \"table\", \"table\": {\"transforms\": ["
            + "{\"columns\": [\"p_*\"], \"kind\": \"removeLogOffset\", \"offset\": 1e-10},"
            + "{\"columns\": [\"raw\"], \"kind\": \"log\", \"offset\": 1}]}}";

    @Test
    void transformsGiveTheLogOfThePowerWithoutTheOffset() throws IOException {
        ExampleTable t = ExampleTables.read(logPowers(2e-12), adapter(TRANSFORMS));
        // the powers themselves are the reference: ln 2e-12, ln 5e-11, ln 1e-10; ln(3 + 1) and ln(0 + 1); other untouched
        // (the CSV value is read as float32, so ln p is exact to about 1e-4 for p = 2e-12, 50x below the offset)
        assertEquals(Math.log(2e-12), t.rows()[0][0], 1e-3);
        assertEquals(Math.log(5e-11), t.rows()[0][1], 1e-4);
        assertEquals(Math.log(4), t.rows()[0][2], 1e-6);
        assertEquals(7f, t.rows()[0][3]);
        assertEquals(Math.log(1e-10), t.rows()[1][0], 1e-4);
        assertEquals(0f, t.rows()[1][2]);
        assertEquals(-7f, t.rows()[1][3]);
    }

    @Test
    void transformValueOutsideItsDomainNamesFileExampleAndColumn() throws IOException {
        // ln(p + 1e-10) can never be below ln(1e-10) = -23.0259: -23.1 is not such a value
        Path f = dir.resolve("below.csv");
        Files.writeString(f, "label,p_alpha,p_beta,raw,other\nx,-23.0,-23.0,3,7\ny,-23.1,-23.0,3,7\n");
        String m = error(() -> ExampleTables.read(f, adapter(TRANSFORMS)));
        assertTrue(m.contains("below.csv") && m.contains("example 1, column 'p_alpha': -23.10000")
                && m.contains("removeLogOffset needs x > ln(offset) = -23.02585"), m);
        Path g = dir.resolve("negative.csv");
        Files.writeString(g, "label,p_alpha,p_beta,raw,other\nx,-23.0,-23.0,-1.5,7\n");
        String n = error(() -> ExampleTables.read(g, adapter(TRANSFORMS)));
        assertTrue(n.contains("negative.csv") && n.contains("example 0, column 'raw': -1.500000")
                && n.contains("log needs x + offset > 0, i.e. x > -1"), n);
    }

    @Test
    void transformColumnsMustExistAndNotOverlap() throws IOException {
        Path f = logPowers(2e-12);
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\", \"table\": {\"transforms\": ["
                + "{\"columns\": [\"q_*\"], \"kind\": \"log\"}]}}")));
        assertTrue(m.contains("powers.csv") && m.contains("table.transforms: no feature column matches 'q_*'"), m);
        String o = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\", \"table\": {\"transforms\": ["
                + "{\"columns\": [\"p_*\"], \"kind\": \"log\"}, {\"columns\": [\"p_beta\"], \"kind\": \"log\"}]}}")));
        assertTrue(o.contains("column 'p_beta' is in two transforms"), o);
    }

    @Test
    void transformSpecIsCheckedWhenTheAdapterIsRead() {
        String m = error(() -> adapter("{\"format\": \"table\", \"table\": {\"transforms\": ["
                + "{\"columns\": [\"p_*\"], \"kind\": \"removeLogOffset\"}]}}"));
        assertTrue(m.contains("test adapter") && m.contains("removeLogOffset needs \"offset\" > 0"), m);
        String k = error(() -> adapter("{\"format\": \"table\", \"table\": {\"transforms\": ["
                + "{\"columns\": [\"p_*\"], \"kind\": \"ln\"}]}}"));
        assertTrue(k.contains("kind 'ln' is not one of log, removeLogOffset"), k);
    }

    @Test
    void globMatchingNoColumnIsAnError() throws IOException {
        String m = error(() -> {
            try {
                ExampleTables.read(erpLike(), adapter("{\"format\": \"table\", \"table\": {\"label\": \"Condition\", \"features\": [\"Sample*\"]}}"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(m.contains("no feature column matches 'Sample*'"), m);
    }

    @Test
    void tableSectionWithoutTableFormatIsAnError() {
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> adapter("{\"format\": \"csv\", \"table\": {\"label\": \"x\"}}"));
        assertTrue(e.getMessage().contains("needs \"format\": \"table\""), e.getMessage());
    }

    // ---- npy / npz ------------------------------------------------------------------------------------------

    /** An .npy file's bytes: magic, version 1.0, the header dict padded to 64 bytes, then the data. */
    static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sh.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + sh + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] f8(double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    static byte[] f4(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float d : v) {
            b.putFloat(d);
        }
        return b.array();
    }

    static byte[] i8(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long d : v) {
            b.putLong(d);
        }
        return b.array();
    }

    private Path npz(String name, Map<String, byte[]> arrays) throws IOException {
        return writeNpz(dir.resolve(name), arrays);
    }

    /** {@code arrays} (name -> .npy bytes) as the .npz file {@code f}. */
    static Path writeNpz(Path f, Map<String, byte[]> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : arrays.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    @Test
    void npzFloat64CFloat32FortranAndColumnsAgree() throws IOException {
        // X is 3 examples x 4 columns: value = 10 * row + column
        double[] c = new double[12];
        float[] fortran = new float[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                c[i * 4 + j] = 10 * i + j;
                fortran[j * 3 + i] = 10 * i + j;
            }
        }
        Map<String, byte[]> a = new java.util.LinkedHashMap<>();
        a.put("X", npy("<f8", false, new int[] {3, 4}, f8(c)));
        a.put("y", npy("<i8", false, new int[] {3}, i8(0, 1, 1)));
        Path one = npz("SC4011E0.npz", a);
        Map<String, byte[]> b = new java.util.LinkedHashMap<>();
        b.put("X", npy("<f4", true, new int[] {3, 4}, f4(fortran)));
        b.put("y", npy("<i8", false, new int[] {3}, i8(0, 1, 1)));
        Path two = npz("SC4012E0.npz", b);
        AdapterSpec spec = adapter("{\"format\": \"table\", \"groupFrom\": \"regex:^SC4(\\\\d\\\\d)\", \"table\": {\"columns\": \"1-2\"},"
                + " \"labelMap\": [{\"map\": {\"0\": \"W\", \"1\": \"N1\"}}]}");
        ExampleTable t1 = ExampleTables.read(one, spec);
        ExampleTable t2 = ExampleTables.read(two, spec);
        assertEquals(List.of("X_1", "X_2"), t1.columnNames());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[] {10 * i + 1, 10 * i + 2}, t1.rows()[i]);
            assertArrayEquals(t1.rows()[i], t2.rows()[i]);
        }
        assertArrayEquals(new String[] {"W", "N1", "N1"}, t1.labels());
        assertArrayEquals(new String[] {"01", "01", "01"}, t1.groups());
        ExampleTable both = ExampleTables.read(dir, spec);
        assertEquals(6, both.size());
        assertEquals(2, both.files().size());
    }

    @Test
    void npzStringLabelsAndGroupArray() throws IOException {
        ByteBuffer u = ByteBuffer.allocate(2 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : new String[] {"ab", "c"}) {
            for (int k = 0; k < 3; k++) {
                u.putInt(k < s.length() ? s.charAt(k) : 0);
            }
        }
        Map<String, byte[]> a = new java.util.LinkedHashMap<>();
        a.put("feats", npy("<f4", false, new int[] {2, 2}, f4(1, 2, 3, 4)));
        a.put("labels", npy("<U3", false, new int[] {2}, u.array()));
        a.put("subject", npy("<i8", false, new int[] {2}, i8(5, 6)));
        Path f = npz("s.npz", a);
        ExampleTable t = ExampleTables.read(f, adapter("{\"format\": \"table\", \"table\": {\"x\": \"feats\", \"label\": \"labels\", \"group\": \"subject\"}}"));
        assertArrayEquals(new String[] {"ab", "c"}, t.labels());
        assertArrayEquals(new String[] {"5", "6"}, t.groups());
    }

    @Test
    void npzWithPickledObjectArrayIsAnError() throws IOException {
        Map<String, byte[]> a = new java.util.LinkedHashMap<>();
        a.put("X", npy("|O", false, new int[] {2, 2}, new byte[] {(byte) 0x80, 2, '}', 'q'}));
        a.put("y", npy("<i8", false, new int[] {2}, i8(0, 1)));
        Path f = npz("obj.npz", a);
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\"}")));
        assertTrue(m.contains("obj.npz") && m.contains("array 'X'") && m.contains("Python objects"), m);
    }

    @Test
    void npzWithoutTheNamedKeyIsAnError() throws IOException {
        Map<String, byte[]> a = new java.util.LinkedHashMap<>();
        a.put("X", npy("<f8", false, new int[] {1, 2}, f8(1, 2)));
        a.put("y", npy("<i8", false, new int[] {1}, i8(0)));
        Path f = npz("keys.npz", a);
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\", \"table\": {\"label\": \"stages\"}}")));
        assertTrue(m.contains("keys.npz") && m.contains("has no array 'stages' (arrays: X, y)"), m);
    }

    @Test
    void npzLabelCountMismatchIsAnError() throws IOException {
        Map<String, byte[]> a = new java.util.LinkedHashMap<>();
        a.put("X", npy("<f8", false, new int[] {2, 2}, f8(1, 2, 3, 4)));
        a.put("y", npy("<i8", false, new int[] {3}, i8(0, 1, 0)));
        Path f = npz("n.npz", a);
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\"}")));
        assertTrue(m.contains("has 3 labels") && m.contains("has 2 examples"), m);
    }

    @Test
    void sleepEdfNpzThroughTheShippedAdapter() throws IOException {
        Path folder = Path.of("../shared/data/sleep-edf-features/features");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(folder) || "true".equals(System.getenv("CI")), "no ../shared");
        Map<String, Integer> expected = SleepCounts.stageCounts(folder);
        ExampleTable t = ExampleTables.read(folder, AdapterSpec.load(Path.of("data-adapters/sleep-edf.json")));
        assertEquals(expected, new TreeMap<>(t.countsByLabel()));
        assertEquals(18, t.columnCount());
        assertEquals(5, t.countsByGroup().size());
        // h13g: the log powers and log variances (ln(p + 1e-10)) come out as ln p, the ratios and mobility unchanged;
        // the reference is the archive's own float64 row, read without the code under test
        Path first;
        try (var s = Files.list(folder)) {
            first = s.filter(p -> p.toString().endsWith(".npz")).sorted().findFirst().orElseThrow();
        }
        for (int row : new int[] {0, 1}) {
            double[] x = SleepCounts.xRow(first, row, 18);
            for (int j = 0; j < 18; j++) {
                String name = t.columnNames().get(j);
                boolean logPower = name.matches(".*_(delta|theta|alpha|beta|gamma|logvar)") && !name.matches(".*_(theta_alpha|alpha_delta)");
                double want = logPower ? Math.log(Math.exp(x[j]) - 1e-10) : x[j];
                // the reader keeps float32: x is rounded by half an ulp, which ln(exp(x) - c) multiplies by exp(x) / (exp(x) - c)
                double slope = logPower ? Math.exp(x[j]) / (Math.exp(x[j]) - 1e-10) : 1;
                double tolerance = slope * Math.ulp((float) x[j]) + Math.ulp((float) want);
                assertEquals(want, t.rows()[row][j], tolerance, "row " + row + ", " + name + " (raw " + x[j] + ")");
            }
        }
    }

    // ---- MAT ------------------------------------------------------------------------------------------------

    /** A SEED-shaped subject file: trials de_LDS1..de_LDS3 of 4 channels x (2, 3, 1) windows x 5 bands. */
    private Path seedLike(Path folder) throws IOException {
        Files.createDirectories(folder);
        int[] windows = {2, 3, 1};
        try (MatFile mat = Mat5.newMatFile()) {
            for (int trial = 0; trial < 3; trial++) {
                Matrix m = Mat5.newMatrix(new int[] {4, windows[trial], 5});
                for (int c = 0; c < 4; c++) {
                    for (int w = 0; w < windows[trial]; w++) {
                        for (int b = 0; b < 5; b++) {
                            m.setDouble(new int[] {c, w, b}, 1000 * trial + 100 * c + 10 * w + b);
                        }
                    }
                }
                mat.addArray("de_LDS" + (trial + 1), m);
            }
            Mat5.writeToFile(mat, folder.resolve("1_20131027.mat").toFile());
        }
        try (MatFile lab = Mat5.newMatFile()) {
            Matrix l = Mat5.newMatrix(1, 3);
            l.setDouble(0, 0, 1);
            l.setDouble(0, 1, 0);
            l.setDouble(0, 2, -1);
            lab.addArray("label", l);
            Mat5.writeToFile(lab, folder.resolve("label.mat").toFile());
        }
        return folder;
    }

    @Test
    void seedShapedMatTrialsWithSeparateLabelFile() throws IOException {
        Path folder = seedLike(dir.resolve("seed"));
        ExampleTable t = ExampleTables.read(folder, adapter("{\"format\": \"table\", \"groupFrom\": \"regex:^(\\\\d+)_\","
                + " \"table\": {\"x\": \"de_LDS*\", \"labelFile\": \"label.mat\"},"
                + " \"labelMap\": [{\"map\": {\"1\": \"positive\", \"0\": \"neutral\", \"-1\": \"negative\"}}]}"));
        assertEquals(6, t.size(), "2 + 3 + 1 windows");
        assertEquals(20, t.columnCount(), "4 channels x 5 bands");
        assertEquals("de_LDS_0_0", t.columnNames().get(0));
        assertEquals("de_LDS_3_4", t.columnNames().get(19));
        assertArrayEquals(new String[] {"positive", "positive", "neutral", "neutral", "neutral", "negative"}, t.labels());
        assertEquals(1, t.files().size(), "label.mat is not data");
        assertEquals("1", t.groups()[0]);
        // example 3 = trial 2 (index 1), window 1; column c*5+b holds 1000*1 + 100c + 10*1 + b
        for (int c = 0; c < 4; c++) {
            for (int b = 0; b < 5; b++) {
                assertEquals(1000 + 100 * c + 10 + b, t.rows()[3][c * 5 + b]);
            }
        }
    }

    @Test
    void matVariableOfWrongRankIsAnError() throws IOException {
        Path f = dir.resolve("rank4.mat");
        try (MatFile mat = Mat5.newMatFile()) {
            mat.addArray("de_LDS1", Mat5.newMatrix(new int[] {2, 2, 2, 2}));
            Mat5.writeToFile(mat, f.toFile());
        }
        String m = error(() -> ExampleTables.read(f, adapter("{\"format\": \"table\", \"labelFrom\": \"fixed:a\", \"table\": {\"x\": \"de_LDS*\"}}")));
        assertTrue(m.contains("rank4.mat") && m.contains("variable 'de_LDS1' has rank 4 (2x2x2x2)"), m);
    }

    @Test
    void matLabelCountMismatchIsAnError() throws IOException {
        Path folder = seedLike(dir.resolve("seed2"));
        try (MatFile lab = Mat5.newMatFile()) {
            lab.addArray("label", Mat5.newMatrix(1, 2));
            Mat5.writeToFile(lab, folder.resolve("label.mat").toFile());
        }
        String m = error(() -> ExampleTables.read(folder, adapter("{\"format\": \"table\", \"table\": {\"x\": \"de_LDS*\", \"labelFile\": \"label.mat\"}}")));
        assertTrue(m.contains("label.mat") && m.contains("has 2 labels for 3 trial variable(s)"), m);
    }

    @Test
    void naturalOrderOfTrialVariables() {
        List<String> names = new java.util.ArrayList<>(List.of("de_LDS10", "de_LDS2", "de_LDS1"));
        names.sort(MatTableReader.NATURAL);
        assertEquals(List.of("de_LDS1", "de_LDS2", "de_LDS10"), names);
    }
}
