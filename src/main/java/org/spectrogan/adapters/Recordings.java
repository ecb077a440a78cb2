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

    /** Reads every recording at {@code input} (file, folder or .zip), within {@link ReadLimits#fromSystemProperties()}. */
    public static List<Recording> read(Path input, AdapterSpec spec) {
        return readWithReport(input, spec, ReadLimits.fromSystemProperties()).recordings();
    }

    /** Reads every recording at {@code input} within {@code limits}. */
    public static List<Recording> read(Path input, AdapterSpec spec, ReadLimits limits) {
        return readWithReport(input, spec, limits).recordings();
    }

    /** Reads every recording at {@code input}, with the counts of files found but not read. */
    public static ReadResult readWithReport(Path input, AdapterSpec spec) {
        return readWithReport(input, spec, ReadLimits.fromSystemProperties());
    }

    /**
     * Reads every recording at {@code input} (file, folder or .zip) within {@code limits}, and reports per reason
     * the files found but not read ({@link ReadReport}). Any failure is a {@link SpectroganException} naming the
     * file.
     */
    public static ReadResult readWithReport(Path input, AdapterSpec spec, ReadLimits limits) {
        if (spec == null) {
            spec = AdapterSpec.defaults();
        }
        if (ExampleTables.isTable(spec)) { // h13: tables hold examples, read by ExampleTables
            throw SpectroganException.inFile(input, "format table holds examples, not recordings: read it with ExampleTables");
        }
        if (!Files.exists(input)) {
            throw SpectroganException.inFile(input, "no such file or folder");
        }
        ReadBudget budget = new ReadBudget(limits);
        ReadReport.Builder report = new ReadReport.Builder();
        try {
            if (Files.isDirectory(input)) {
                return new ReadResult(readFolder(input, spec, budget, report), report.build());
            }
            if (isZip(input)) {
                return new ReadResult(readZip(input, spec, budget, report), report.build());
            }
            report.found();
            Recording r = readOne(Source.ofFile(input, budget), spec, report);
            if (r == null) {
                if (report.skipped(ReadReport.ANNOTATIONS_ONLY) > 0) {
                    throw new EdfReader.AnnotationsOnly(input);
                }
                throw SpectroganException.inFile(input, "the file name does not match the adapter's label or group pattern, and unmatched files are skipped");
            }
            report.read();
            return new ReadResult(List.of(r), report.build());
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(input, "no such file or folder", e);
        } catch (IOException e) {
            throw SpectroganException.inFile(input, "cannot read: " + Numbers.shown(String.valueOf(e.getMessage())), e);
        } catch (UncheckedIOException e) {
            throw SpectroganException.inFile(input, "cannot read: " + Numbers.shown(String.valueOf(e.getCause().getMessage())), e);
        } catch (java.nio.file.InvalidPathException e) {
            throw SpectroganException.inFile(input, "a file name cannot be used as a path: " + Numbers.shown(e.getMessage()), e);
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
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static List<Recording> readFolder(Path folder, AdapterSpec spec, ReadBudget budget, ReadReport.Builder report)
            throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(folder)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> files = new ArrayList<>();
        for (Path p : all) {
            report.found();
            String why = whyNotWanted(p.getFileName().toString(), spec);
            if (why == null) {
                files.add(p);
            } else {
                report.skip(why, folder.relativize(p).toString());
            }
        }
        files = dominantFormat(files, p -> p.getFileName().toString(), spec, folder, report);
        List<Recording> out = new ArrayList<>();
        for (Path f : files) {
            Recording r = readOne(Source.ofFile(f, budget), spec, report);
            if (r != null) {
                out.add(r);
                report.read();
            }
        }
        logSkipped(folder, report.build());
        if (out.isEmpty()) {
            ReadReport rr = report.build();
            throw SpectroganException.inFile(folder, "no readable recording in this folder"
                    + (spec.include() != null ? " matching '" + spec.include() + "'" : "")
                    + " (looked for " + describeWanted(spec) + ")"
                    + (rr.skippedTotal() == 0 ? "" : "; skipped " + String.join("; ", rr.lines())));
        }
        return out;
    }

    /**
     * Why a zip entry name is refused, or null: a NUL or other control character, an absolute name (leading
     * '/' or '\\', a drive letter) or a {@code ..} part would make the name point outside the archive.
     */
    static String badEntryName(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20) {
                return "a control character (0x" + Integer.toHexString(name.charAt(i)) + ")";
            }
        }
        if (name.startsWith("/") || name.startsWith("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
            return "an absolute path";
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "a '..' part";
            }
        }
        if (name.isEmpty()) {
            return "an empty name";
        }
        return null;
    }

    private static List<Recording> readZip(Path zipPath, AdapterSpec spec, ReadBudget budget, ReadReport.Builder report)
            throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(zipPath.toFile());
        } catch (ZipException e) {
            throw SpectroganException.inFile(zipPath, "not a readable zip archive: " + Numbers.shown(String.valueOf(e.getMessage())), e);
        }
        try (zip) {
            List<ZipEntry> entries = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String bad = badEntryName(e.getName());
                if (bad != null) {
                    throw SpectroganException.inFile(zipPath, "entry '" + Numbers.shown(e.getName()) + "' has " + bad
                            + " in its name; such an archive is refused");
                }
                if (!names.add(e.getName())) {
                    throw SpectroganException.inFile(zipPath, "two entries are named '" + Numbers.shown(e.getName())
                            + "'; an archive with duplicate names is refused");
                }
                if (e.isDirectory()) {
                    continue;
                }
                report.found();
                Path p = Path.of(e.getName()).getFileName();
                String name = p == null ? "" : p.toString();
                if (name.startsWith(".") || e.getName().startsWith("__MACOSX/")) {
                    report.skip(ReadReport.HIDDEN, e.getName());
                    continue;
                }
                String why = whyNotWanted(name, spec);
                if (why == null) {
                    entries.add(e);
                } else {
                    report.skip(why, e.getName());
                }
            }
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            entries = dominantFormat(entries, e -> Path.of(e.getName()).getFileName().toString(), spec, zipPath, report);
            List<Recording> out = new ArrayList<>();
            for (ZipEntry e : entries) {
                Recording r = readOne(Source.ofZipEntry(zipPath, zip, e, budget), spec, report);
                if (r != null) {
                    out.add(r);
                    report.read();
                }
            }
            logSkipped(zipPath, report.build());
            if (out.isEmpty()) {
                ReadReport rr = report.build();
                throw SpectroganException.inFile(zipPath, "zip archive holds no readable recording (looked for "
                        + describeWanted(spec) + ")"
                        + (rr.skippedTotal() == 0 ? "" : "; skipped " + String.join("; ", rr.lines())));
            }
            return out;
        }
    }

    /** Preference among formats found in equal numbers in one folder. */
    private static final List<String> FORMAT_ORDER = List.of("edf", "bdf", "mat", "wav", "csv", "text");

    /**
     * With format auto and no include glob, a folder is read as one layout: only the files of the format most
     * common in it (by extension) are read, so a README.txt beside .mat files or annotation CSVs beside .wav
     * files are not taken for recordings. The files left out are counted in the report.
     */
    private static <T> List<T> dominantFormat(List<T> files, java.util.function.Function<T, String> name, AdapterSpec spec,
                                              Path where, ReadReport.Builder report) {
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
        Set<T> keptSet = new java.util.HashSet<>(kept);
        List<String> left = new ArrayList<>();
        for (T f : files) {
            if (!keptSet.contains(f)) {
                left.add(name.apply(f));
                report.skip(ReadReport.OTHER_FORMAT, name.apply(f));
            }
        }
        LOG.info("{}: reading the {} {} files; leaving out {} file(s) of other formats ({}); give --format or --include to choose",
                where, kept.size(), best, left.size(), String.join(", ", left.subList(0, Math.min(5, left.size())))
                        + (left.size() > 5 ? ", ..." : ""));
        return kept;
    }

    /** Why a file of this name is not read, or null when it is: hidden, include glob, extension. */
    private static String whyNotWanted(String fileName, AdapterSpec spec) {
        if (fileName.startsWith(".")) {
            return ReadReport.HIDDEN;
        }
        if (spec.include() != null) {
            return includeMatches(spec.include(), fileName, Boolean.TRUE.equals(spec.includeCaseSensitive()))
                    ? null : ReadReport.NOT_INCLUDED;
        }
        int dot = fileName.lastIndexOf('.');
        String ext = dot > 0 ? fileName.substring(dot + 1).toLowerCase() : "";
        if (spec.format().equals("auto")) {
            return EXTENSIONS.values().stream().anyMatch(s -> s.contains(ext)) ? null : ReadReport.UNKNOWN_EXTENSION;
        }
        return EXTENSIONS.get(spec.format()).contains(ext) ? null : ReadReport.UNKNOWN_EXTENSION;
    }

    /**
     * Whether a file name matches an include glob, ignoring case (the Bonn zip's {@code C_N/*.TXT} are read by
     * {@code include: "*.txt"}): both are lower-cased (Locale.ROOT) before matching.
     */
    static boolean includeMatches(String glob, String fileName) {
        return includeMatches(glob, fileName, false);
    }

    /** As {@link #includeMatches(String, String)}, or matching case exactly when {@code caseSensitive}. */
    static boolean includeMatches(String glob, String fileName, boolean caseSensitive) {
        if (caseSensitive) {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(fileName));
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(java.util.Locale.ROOT));
        return m.matches(Path.of(fileName.toLowerCase(java.util.Locale.ROOT)));
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

    private static void logSkipped(Path where, ReadReport report) {
        for (String line : report.lines()) {
            LOG.info("{}: skipped {}", where, line);
        }
    }

    /**
     * A library exception (MFL, javax.sound, java.util.zip, an index out of bounds on a corrupt structure) or an
     * allocation refused by the JVM, as the one-line error naming the file.
     */
    static SpectroganException unexpected(Path file, String format, Throwable e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return SpectroganException.inFile(file, "corrupt or unsupported " + format + " file (" + Numbers.shown(what) + ")", e);
    }

    /** Reads one source and applies labels and group; null when the file is skipped (counted in the report). */
    static Recording readOne(Source src, AdapterSpec spec, ReadReport.Builder report) throws IOException {
        String fileName = src.fileName();
        // Resolve file-name based label and group first, so unmatched files are skipped before reading.
        String label = null;
        String kind = spec.labelKind();
        if (kind.equals("regex")) {
            Matcher m = Pattern.compile(spec.labelArgument()).matcher(fileName);
            if (!m.find()) {
                return unmatched(src, spec, "file name does not match the label pattern '" + spec.labelArgument() + "'", report);
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
                    return unmatched(src, spec, "file name does not match the group pattern '" + p.pattern() + "'", report);
                }
                groupId = group(m, spec.effectiveGroupGroup(), src, "group");
            }
            default -> groupId = src.baseName();
        }

        String format = detectFormat(src, spec);
        Recording raw;
        try {
            raw = switch (format) {
                case "edf", "bdf" -> EdfReader.read(src, spec, format);
                case "mat" -> MatReader.read(src, spec);
                case "csv" -> CsvReader.read(src, spec);
                case "text" -> TextReader.read(src, spec);
                case "wav" -> WavReader.read(src, spec);
                default -> throw new IllegalStateException(format);
            };
        } catch (EdfReader.AnnotationsOnly e) {
            report.skip(ReadReport.ANNOTATIONS_ONLY, src.fileName());
            return null;
        } catch (SpectroganException e) {
            throw e;
        } catch (java.util.zip.ZipException e) {
            throw SpectroganException.inFile(src.path(), "corrupt zip entry: " + Numbers.shown(String.valueOf(e.getMessage())), e);
        } catch (IOException e) {
            throw SpectroganException.inFile(src.path(), "cannot read: " + Numbers.shown(String.valueOf(e.getMessage())), e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw unexpected(src.path(), format, e);
        }
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
        } else if (spec.pairedAnnotations() != null) {
            segments = spec.pairedAnnotations().segmentsFor(src.path()); // h13c: a PSG's hypnogram
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

    private static Recording unmatched(Source src, AdapterSpec spec, String problem, ReadReport.Builder report) {
        if (spec.skipUnmatched()) {
            LOG.debug("skipping {}: {}", src.path(), problem);
            report.skip(ReadReport.UNMATCHED_NAME, src.fileName());
            return null;
        }
        throw SpectroganException.inFile(src.path(), problem + " (set \"onUnmatched\": \"skip\" in the adapter to skip such files)");
    }
}
