package org.spectrogan.adapters;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.spectrogan.common.SpectroganException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads inputs whose rows (or array slices) are already examples: an adapter with {@code "format": "table"}
 * and its {@link TableSpec} section. A file, or a folder (recursive; files matching the adapter's
 * {@code include} glob, else every {@code .csv .tsv .tab .npy .npz .mat} file but the {@code labelFile}).
 * Every file must give the same feature columns. Labels go through the adapter's {@code labelMap} and
 * {@code dropLabels}; groups come from a column or array, else from the file name by the adapter's
 * {@code groupFrom}.
 */
public final class ExampleTables {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleTables.class);

    /** The extensions read from a folder when the adapter has no include glob. */
    static final Set<String> EXTENSIONS = Set.of("csv", "tsv", "tab", "npy", "npz", "mat");

    private ExampleTables() {
    }

    /** Whether this adapter reads example tables. */
    public static boolean isTable(AdapterSpec spec) {
        return spec != null && "table".equals(spec.format());
    }

    /** Reads every example under {@code input}; any problem is a one-line SpectroganException naming the file. */
    public static ExampleTable read(Path input, AdapterSpec spec) {
        TableSpec t = spec.table() == null ? TableSpec.defaults() : spec.table();
        List<Path> files = files(input, spec, t);
        Sink sink = new Sink(spec, t.transforms());
        for (Path f : files) {
            FileInfo info = fileInfo(f, spec);
            if (info == null) {
                continue;
            }
            if (spec.pairedAnnotations() != null) {
                if (t.exampleSeconds() == null) {
                    throw SpectroganException.inFile(f, "pairedAnnotations needs table.exampleSeconds (the seconds of one epoch, e.g. 30)");
                }
                info = new FileInfo(f, info.group(), null, spec.pairedAnnotations().epochLabels(f, t.exampleSeconds()));
            }
            sink.paired = info.epochLabels();
            sink.pairedFile = info.epochLabels() == null ? null : spec.pairedAnnotations().pairOf(f);
            try {
                switch (extension(f)) {
                    case "npy", "npz" -> NpyReader.readTable(f, t, info, sink);
                    case "mat" -> MatTableReader.read(f, t, info, sink);
                    default -> DelimitedTableReader.read(f, t, info, sink);
                }
            } catch (NoSuchFileException e) {
                throw SpectroganException.inFile(f, "no such file", e);
            } catch (IOException e) {
                throw SpectroganException.inFile(f, "cannot read: " + e.getMessage(), e);
            }
        }
        if (sink.builder == null || sink.builder.size() == 0) {
            throw SpectroganException.inFile(input, "no example read (files: " + files.size() + ")");
        }
        return sink.builder.build(t.effectiveExampleSeconds());
    }

    private static List<Path> files(Path input, AdapterSpec spec, TableSpec t) {
        if (!Files.exists(input)) {
            throw SpectroganException.inFile(input, "no such file or folder");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        PathMatcher include = spec.include() == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + spec.include());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || (t.labelFile() != null && name.equals(Path.of(t.labelFile()).getFileName().toString()))) {
                    return false;
                }
                return include != null ? include.matches(p.getFileName()) : EXTENSIONS.contains(extension(p));
            }).sorted().toList();
        } catch (IOException e) {
            throw SpectroganException.inFile(input, "cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw SpectroganException.inFile(input, "no table file in this folder (looked for "
                    + (include != null ? spec.include() : ".csv, .tsv, .tab, .npy, .npz, .mat") + ")");
        }
        return files;
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /**
     * What the file name says: its group and, for labelFrom folder/regex/fixed, its label; {@code epochLabels}: with
     * pairedAnnotations, the label of each example in order (null otherwise).
     */
    record FileInfo(Path file, String group, String label, List<String> epochLabels) {
        FileInfo(Path file, String group, String label) {
            this(file, group, label, null);
        }

        /** Whether the labels come from outside the file (its name or a paired annotation file). */
        boolean labelledOutside() {
            return label != null || epochLabels != null;
        }
    }

    /** The file-level group and label, or null when the file is skipped (onUnmatched skip). */
    static FileInfo fileInfo(Path f, AdapterSpec spec) {
        String name = f.getFileName().toString();
        String base = name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.')) : name;
        String folder = f.getParent() == null || f.getParent().getFileName() == null ? "" : f.getParent().getFileName().toString();
        String label = null;
        switch (spec.labelKind()) {
            case "regex" -> {
                Matcher m = Pattern.compile(spec.labelArgument()).matcher(name);
                if (!m.find()) {
                    return unmatched(f, spec, "file name does not match the label pattern '" + spec.labelArgument() + "'");
                }
                label = m.group(Math.min(spec.effectiveLabelGroup(), m.groupCount()));
            }
            case "folder" -> label = folder;
            case "fixed" -> label = spec.labelArgument();
            case "auto", "column", "none" -> {
            }
            default -> throw SpectroganException.inFile(f, "labelFrom " + spec.labelFrom()
                    + " does not apply to tables (give table.label, or labelFrom folder, regex:PATTERN or fixed:LABEL)");
        }
        String group;
        switch (spec.groupKind()) {
            case "folder" -> group = folder;
            case "fixed" -> group = AdapterSpec.argOf(spec.groupFrom());
            case "regex" -> {
                Matcher m = spec.groupPattern().matcher(name);
                if (!m.find()) {
                    return unmatched(f, spec, "file name does not match the group pattern '" + spec.groupPattern().pattern() + "'");
                }
                int g = spec.effectiveGroupGroup();
                if (g > m.groupCount()) {
                    throw SpectroganException.inFile(f, "group " + g + " does not exist in pattern '" + spec.groupPattern().pattern() + "'");
                }
                group = m.group(g);
            }
            default -> group = base;
        }
        return new FileInfo(f, group, label);
    }

    private static FileInfo unmatched(Path f, AdapterSpec spec, String problem) {
        if (spec.skipUnmatched()) {
            LOG.info("skipping {}: {}", f, problem);
            return null;
        }
        throw SpectroganException.inFile(f, problem + " (set \"onUnmatched\": \"skip\" in the adapter to skip such files)");
    }

    /**
     * A label or group cell as an id: trimmed, and an integral number written without a fraction
     * ({@code 1.0} and {@code 1} are both {@code 1}).
     */
    static String id(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            try {
                double d = Double.parseDouble(s);
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    return Long.toString((long) d);
                }
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return s;
    }

    /** A glob ({@code *}, {@code ?}) as a regex matching the whole name. */
    static Pattern glob(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** Where readers put examples: checks that every file gives the same columns, maps and drops labels. */
    static final class Sink {
        private final AdapterSpec spec;
        private final List<ColumnTransform> transforms;
        /** Per feature column its transform (null: none), resolved on the first file's columns. */
        private ColumnTransform[] transformOf;
        ExampleTable.Builder builder;
        private Path firstFile;
        /** The current file's labels from its paired annotation file (null: none), and that file. */
        List<String> paired;
        Path pairedFile;

        Sink(AdapterSpec spec, List<ColumnTransform> transforms) {
            this.spec = spec;
            this.transforms = transforms == null ? List.of() : transforms;
        }

        Sink(AdapterSpec spec) {
            this(spec, null);
        }

        /** Starts a file with these feature columns; returns its file number. */
        int begin(Path file, List<String> columns) {
            if (builder == null) {
                transformOf = resolveTransforms(file, columns, transforms);
                builder = new ExampleTable.Builder(columns);
                firstFile = file;
            } else if (!builder.columnNames().equals(columns)) {
                throw SpectroganException.inFile(file, "has " + columns.size() + " feature columns " + preview(columns)
                        + ", the first file (" + firstFile.getFileName() + ") has " + builder.columnNames().size() + " "
                        + preview(builder.columnNames()) + ": every file of a table must give the same columns");
            }
            return builder.fileNumber(file);
        }

        /** Adds one example unless its label is dropped; the label is mapped by the adapter's labelMap first. */
        void add(int file, Path path, int ordinal, String group, String label, float[] row) {
            if (paired != null) {
                if (ordinal >= paired.size()) {
                    throw SpectroganException.inFile(path, "example " + ordinal + " has no epoch in its paired annotation file "
                            + pairedFile.getFileName() + ", which gives " + paired.size() + " labelled epochs");
                }
                label = paired.get(ordinal);
            }
            String l = spec.mapLabel(label, path.getFileName().toString());
            if (l == null || l.isBlank() || spec.dropLabels().contains(l)) {
                return;
            }
            if (transformOf != null) {
                applyTransforms(path, ordinal, row);
            }
            builder.add(file, ordinal, group, l, row);
        }

        private void applyTransforms(Path path, int ordinal, float[] row) {
            for (int j = 0; j < row.length; j++) {
                ColumnTransform t = transformOf[j];
                if (t == null) {
                    continue;
                }
                double y = t.apply(row[j]);
                if (!Double.isFinite(y)) {
                    throw SpectroganException.inFile(path, "example " + ordinal + ", column '" + builder.columnNames().get(j)
                            + "': " + String.format(Locale.ROOT, "%.7g", row[j]) + " is outside table.transforms " + t.kind()
                            + " (" + t.domain() + ")");
                }
                row[j] = (float) y;
            }
        }

        /** Per column its transform, or null when there are none; a pattern matching no column is an error. */
        private static ColumnTransform[] resolveTransforms(Path file, List<String> columns, List<ColumnTransform> transforms) {
            if (transforms.isEmpty()) {
                return null;
            }
            ColumnTransform[] of = new ColumnTransform[columns.size()];
            for (ColumnTransform t : transforms) {
                for (String want : t.columns()) {
                    Pattern p = isGlob(want) ? glob(want) : Pattern.compile(Pattern.quote(want));
                    boolean any = false;
                    for (int j = 0; j < of.length; j++) {
                        if (!p.matcher(columns.get(j)).matches()) {
                            continue;
                        }
                        any = true;
                        if (of[j] != null && of[j] != t) {
                            throw SpectroganException.inFile(file, "table.transforms: column '" + columns.get(j)
                                    + "' is in two transforms (" + of[j].kind() + " and " + t.kind() + ")");
                        }
                        of[j] = t;
                    }
                    if (!any) {
                        throw SpectroganException.inFile(file, "table.transforms: no feature column matches '" + want
                                + "' (columns " + preview(columns) + ")");
                    }
                }
            }
            return of;
        }

        private static String preview(List<String> cols) {
            return "(" + String.join(", ", cols.subList(0, Math.min(4, cols.size()))) + (cols.size() > 4 ? ", ..." : "") + ")";
        }
    }

    /** Throws naming file, example and column when a value is NaN or infinite. */
    static void checkFinite(Path file, int ordinal, float[] row, List<String> names) {
        for (int j = 0; j < row.length; j++) {
            if (!Float.isFinite(row[j])) {
                throw SpectroganException.inFile(file, "example " + ordinal + ", column '" + names.get(j) + "': "
                        + row[j] + " is not finite");
            }
        }
    }
}
