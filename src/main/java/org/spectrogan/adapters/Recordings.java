package org.spectrogan.adapters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spectrogan.common.SpectroganException;

/**
 * Reads recordings from a file, a folder (recursively, in name order) or a .zip archive, as an
 * {@link AdapterSpec} says: format by extension and magic bytes unless given, then labels and group ids from
 * the file's annotations or columns, the folder name, a file-name regex or a fixed value, then the label map.
 */
public final class Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    /** Extensions read from folders and zips when the format is auto, per format. */
    static final Map<String, Set<String>> EXTENSIONS = Map.of(
            "edf", Set.of("edf", "rec"),
            "bdf", Set.of("bdf"),
            "mat", Set.of("mat"),
            "csv", Set.of("csv", "tsv"),
            "text", Set.of("txt", "dat", "asc"),
            "wav", Set.of("wav", "wave"));

    private Recordings() {
    }

    /** Reads every recording at {@code input} (file, folder or .zip). */
    public static List<Recording> read(Path input, AdapterSpec spec) {
        if (spec == null) {
            spec = AdapterSpec.defaults();
        }
        if (ExampleTables.isTable(spec)) { // h13: tables hold examples, read by ExampleTables
            throw SpectroganException.inFile(input, "format table holds examples, not recordings: read it with ExampleTables");
        }
        if (!Files.exists(input)) {
            throw SpectroganException.inFile(input, "no such file or folder");
        }
        try {
            if (Files.isDirectory(input)) {
                return readFolder(input, spec);
            }
            if (isZip(input)) {
                return readZip(input, spec);
            }
            Recording r = readOne(Source.ofFile(input), spec, new ArrayList<>());
            if (r == null) {
                throw SpectroganException.inFile(input, "the file name does not match the adapter's label or group pattern, and unmatched files are skipped");
            }
            return r == null ? List.of() : List.of(r);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(input, "no such file or folder", e);
        } catch (IOException e) {
            throw SpectroganException.inFile(input, "cannot read: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw SpectroganException.inFile(input, "cannot read: " + e.getCause().getMessage(), e);
        }
    }

    /** Reads one file (not a folder or zip) that must yield a recording. */
    public static Recording readFile(Path file, AdapterSpec spec) {
        List<Recording> all = read(file, spec);
        if (all.size() != 1) {
            throw SpectroganException.inFile(file, "expected one recording, found " + all.size());
        }
        return all.get(0);
    }

    private static boolean isZip(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase().endsWith(".zip")) {
            return true;
        }
        byte[] head = Source.ofFile(file).head(4);
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static List<Recording> readFolder(Path folder, AdapterSpec spec) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> wanted(p.getFileName().toString(), spec))
                    .sorted().toList();
        }
        files = dominantFormat(files, p -> p.getFileName().toString(), spec, folder);
        List<Recording> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            Recording r = readOne(Source.ofFile(f), spec, skipped);
            if (r != null) {
                out.add(r);
            }
        }
        logSkipped(folder, skipped);
        if (out.isEmpty()) {
            throw SpectroganException.inFile(folder, "no readable recording in this folder"
                    + (spec.include() != null ? " matching '" + spec.include() + "'" : "")
                    + " (looked for " + describeWanted(spec) + ")"
                    + (skipped.isEmpty() ? "" : "; " + skipped.size() + " file(s) skipped: their names do not match the label or group pattern"));
        }
        return out;
    }

    private static List<Recording> readZip(Path zipPath, AdapterSpec spec) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(zipPath.toFile());
        } catch (ZipException e) {
            throw SpectroganException.inFile(zipPath, "not a readable zip archive: " + e.getMessage(), e);
        }
        try (zip) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = Path.of(e.getName()).getFileName() == null ? "" : Path.of(e.getName()).getFileName().toString();
                if (!e.isDirectory() && !name.startsWith(".") && !e.getName().startsWith("__MACOSX/") && wanted(name, spec)) {
                    entries.add(e);
                }
            }
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            entries = dominantFormat(entries, e -> Path.of(e.getName()).getFileName().toString(), spec, zipPath);
            List<Recording> out = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (ZipEntry e : entries) {
                Recording r = readOne(Source.ofZipEntry(zipPath, zip, e), spec, skipped);
                if (r != null) {
                    out.add(r);
                }
            }
            logSkipped(zipPath, skipped);
            if (out.isEmpty()) {
                throw SpectroganException.inFile(zipPath, "zip archive holds no readable recording (looked for "
                        + describeWanted(spec) + ")"
                        + (skipped.isEmpty() ? "" : "; " + skipped.size() + " file(s) skipped: their names do not match the label or group pattern"));
            }
            return out;
        }
    }

    /** Preference among formats found in equal numbers in one folder. */
    private static final List<String> FORMAT_ORDER = List.of("edf", "bdf", "mat", "wav", "csv", "text");

    /**
     * With format auto and no include glob, a folder is read as one layout: only the files of the format most
     * common in it (by extension) are read, so a README.txt beside .mat files or annotation CSVs beside .wav
     * files are not taken for recordings. The files left out are logged.
     */
    private static <T> List<T> dominantFormat(List<T> files, java.util.function.Function<T, String> name, AdapterSpec spec,
                                              Path where) {
        if (!spec.format().equals("auto") || spec.include() != null || files.isEmpty()) {
            return files;
        }
        Map<String, List<T>> byFormat = new java.util.HashMap<>();
        for (T f : files) {
            String n = name.apply(f);
            String ext = n.lastIndexOf('.') > 0 ? n.substring(n.lastIndexOf('.') + 1).toLowerCase() : "";
            String fmt = EXTENSIONS.entrySet().stream().filter(e -> e.getValue().contains(ext)).map(Map.Entry::getKey)
                    .findFirst().orElse("text");
            byFormat.computeIfAbsent(fmt, k -> new ArrayList<>()).add(f);
        }
        if (byFormat.size() == 1) {
            return files;
        }
        String best = null;
        for (String fmt : FORMAT_ORDER) {
            if (byFormat.containsKey(fmt) && (best == null || byFormat.get(fmt).size() > byFormat.get(best).size())) {
                best = fmt;
            }
        }
        List<T> kept = byFormat.get(best);
        List<String> left = new ArrayList<>();
        for (T f : files) {
            if (!kept.contains(f)) {
                left.add(name.apply(f));
            }
        }
        LOG.info("{}: reading the {} {} files; leaving out {} file(s) of other formats ({}); give --format or --include to choose",
                where, kept.size(), best, left.size(), String.join(", ", left.subList(0, Math.min(5, left.size())))
                        + (left.size() > 5 ? ", ..." : ""));
        return kept;
    }

    private static boolean wanted(String fileName, AdapterSpec spec) {
        if (fileName.startsWith(".")) {
            return false;
        }
        if (spec.include() != null) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + spec.include());
            return m.matches(Path.of(fileName));
        }
        int dot = fileName.lastIndexOf('.');
        String ext = dot > 0 ? fileName.substring(dot + 1).toLowerCase() : "";
        if (spec.format().equals("auto")) {
            return EXTENSIONS.values().stream().anyMatch(s -> s.contains(ext));
        }
        return EXTENSIONS.get(spec.format()).contains(ext);
    }

    private static String describeWanted(AdapterSpec spec) {
        if (spec.include() != null) {
            return "files matching " + spec.include();
        }
        Set<String> exts = spec.format().equals("auto")
                ? EXTENSIONS.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))
                : new java.util.TreeSet<>(EXTENSIONS.get(spec.format()));
        return "." + String.join(", .", exts);
    }

    /** The format of a source: the spec's, else by magic bytes, else by extension. */
    static String detectFormat(Source src, AdapterSpec spec) throws IOException {
        if (!spec.format().equals("auto")) {
            return spec.format();
        }
        byte[] h = src.head(520);
        String magic = byMagic(h);
        if (magic != null) {
            return magic;
        }
        String ext = src.extension();
        for (var e : EXTENSIONS.entrySet()) {
            if (e.getValue().contains(ext)) {
                return e.getKey();
            }
        }
        throw SpectroganException.inFile(src.path(), "unknown file format (extension '." + ext
                + "', unrecognised first bytes); give --format edf|bdf|mat|csv|text|wav");
    }

    static String byMagic(byte[] h) {
        if (startsWith(h, "0       ".getBytes(StandardCharsets.US_ASCII))) {
            return "edf";
        }
        if (h.length >= 8 && (h[0] & 0xff) == 0xff && startsWith(java.util.Arrays.copyOfRange(h, 1, 8), "BIOSEMI".getBytes(StandardCharsets.US_ASCII))) {
            return "bdf";
        }
        if (startsWith(h, "MATLAB".getBytes(StandardCharsets.US_ASCII))) {
            return "mat";
        }
        if (h.length >= 12 && startsWith(h, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && new String(h, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            return "wav";
        }
        if (h.length >= 516 && h[512] == (byte) 0x89 && h[513] == 'H' && h[514] == 'D' && h[515] == 'F') {
            return "mat";
        }
        return null;
    }

    private static boolean startsWith(byte[] h, byte[] prefix) {
        if (h.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (h[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads one source and applies labels and group; null when the file is skipped (onUnmatched skip). */
    private static void logSkipped(Path where, List<String> skipped) {
        if (!skipped.isEmpty()) {
            LOG.info("{}: skipped {} file(s) whose name does not match the adapter's label or group pattern: {}", where,
                    skipped.size(), String.join(", ", skipped.subList(0, Math.min(8, skipped.size())))
                            + (skipped.size() > 8 ? ", ..." : ""));
        }
    }

    static Recording readOne(Source src, AdapterSpec spec, List<String> skipped) throws IOException {
        String fileName = src.fileName();
        // Resolve file-name based label and group first, so unmatched files are skipped before reading.
        String label = null;
        String kind = spec.labelKind();
        if (kind.equals("regex")) {
            Matcher m = Pattern.compile(spec.labelArgument()).matcher(fileName);
            if (!m.find()) {
                return unmatched(src, spec, "file name does not match the label pattern '" + spec.labelArgument() + "'", skipped);
            }
            label = group(m, spec.effectiveLabelGroup(), src, "label");
        } else if (kind.equals("folder")) {
            label = src.folderName();
            if (label.isEmpty()) {
                throw SpectroganException.inFile(src.path(), "labelFrom folder: the file is not inside a folder");
            }
        } else if (kind.equals("fixed")) {
            label = spec.labelArgument();
        }
        String groupId;
        switch (spec.groupKind()) {
            case "folder" -> groupId = src.folderName();
            case "fixed" -> groupId = AdapterSpec.argOf(spec.groupFrom());
            case "regex" -> {
                Pattern p = spec.groupPattern();
                Matcher m = p.matcher(fileName);
                if (!m.find()) {
                    return unmatched(src, spec, "file name does not match the group pattern '" + p.pattern() + "'", skipped);
                }
                groupId = group(m, spec.effectiveGroupGroup(), src, "group");
            }
            default -> groupId = src.baseName();
        }

        String format = detectFormat(src, spec);
        Recording raw = switch (format) {
            case "edf", "bdf" -> EdfReader.read(src, spec, format);
            case "mat" -> MatReader.read(src, spec);
            case "csv" -> CsvReader.read(src, spec);
            case "text" -> TextReader.read(src, spec);
            case "wav" -> WavReader.read(src, spec);
            default -> throw new IllegalStateException(format);
        };
        if (kind.equals("annotation") && !(format.equals("edf") || format.equals("bdf"))) {
            throw SpectroganException.inFile(src.path(), "labelFrom annotation: " + format + " files carry no annotations"
                    + " (use column:NAME, folder, regex:PATTERN or fixed:LABEL)");
        }
        if (kind.equals("column") && !format.equals("csv")) {
            throw SpectroganException.inFile(src.path(), "labelFrom " + spec.labelFrom() + ": only CSV files have columns");
        }
        List<LabelledSegment> segments;
        if (label != null) {
            segments = List.of(new LabelledSegment(0, raw.spanSeconds(), label));
        } else if (kind.equals("none")) {
            segments = List.of();
        } else {
            segments = raw.segments();
        }
        List<LabelledSegment> mapped = new ArrayList<>(segments.size());
        for (LabelledSegment s : segments) {
            String l = spec.mapLabel(s.label(), fileName);
            if (l == null || l.isBlank() || spec.dropLabels().contains(l)) {
                continue;
            }
            mapped.add(l.equals(s.label()) ? s : new LabelledSegment(s.onsetSeconds(), s.durationSeconds(), l));
        }
        return new Recording(raw.samplesForReader(), raw.offsetsForReader(), raw.sampleRateHz(), raw.channelNames(), raw.physicalUnit(),
                src.path(), format, groupId, Collections.unmodifiableList(mapped), raw.pieces());
    }

    private static String group(Matcher m, int g, Source src, String what) {
        if (g > m.groupCount()) {
            throw SpectroganException.inFile(src.path(), what + " group " + g + " does not exist in pattern '"
                    + m.pattern().pattern() + "' (it has " + m.groupCount() + " groups)");
        }
        String v = m.group(g);
        if (v == null) {
            // A pattern with alternatives: take the first group that matched.
            for (int k = 1; k <= m.groupCount() && v == null; k++) {
                v = m.group(k);
            }
        }
        if (v == null || v.isBlank()) {
            throw SpectroganException.inFile(src.path(), what + " group " + g + " of pattern '" + m.pattern().pattern()
                    + "' matched nothing in the file name");
        }
        return v;
    }

    private static Recording unmatched(Source src, AdapterSpec spec, String problem, List<String> skipped) {
        if (spec.skipUnmatched()) {
            LOG.debug("skipping {}: {}", src.path(), problem);
            skipped.add(src.fileName());
            return null;
        }
        throw SpectroganException.inFile(src.path(), problem + " (set \"onUnmatched\": \"skip\" in the adapter to skip such files)");
    }
}
