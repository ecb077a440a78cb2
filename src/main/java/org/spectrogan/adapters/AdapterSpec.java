package org.spectrogan.adapters;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.spectrogan.common.SpectroganException;

/**
 * How one recording layout is read: the content of a {@code data-adapters/*.json} file. Every field is
 * optional; {@link #defaults()} reads any supported file with auto-detection. Code builds one with
 * {@link #builder()} / {@link #toBuilder()} ({@code optX} setters, {@code build()} validates naming the source and
 * the key); CLI flags override single fields through the {@code with...} shorthands.
 *
 * <ul>
 *   <li>{@code format}: auto | edf | bdf | mat | csv | text | wav (auto: by extension and magic bytes).</li>
 *   <li>{@code rateHz}: the sample rate when the file does not carry one (mat, text; csv without time column).
 *       For formats that carry a rate (edf, bdf, wav) a given rate must agree with the file.</li>
 *   <li>{@code channels}: channel names to keep, in this order (EDF names match with or without trailing
 *       dots, ignoring case); absent = all data channels.</li>
 *   <li>{@code labelFrom}: annotation | column:NAME | folder | regex:PATTERN | fixed:LABEL | none; absent =
 *       the file's own annotations when it has any.</li>
 *   <li>{@code labelGroup}: the regex group holding the label (default 1).</li>
 *   <li>{@code groupFrom}: file | folder | regex (the labelFrom pattern, group {@code groupGroup}) |
 *       regex:PATTERN | fixed:ID; absent = file (the file name without extension).</li>
 *   <li>{@code groupGroup}: the regex group holding the group id (default 1 for regex:PATTERN, 2 for regex).</li>
 *   <li>{@code variable} (mat), {@code timeAxis} (mat: auto | rows | columns; auto = the longer dimension),
 *       {@code timeColumn} (csv), {@code unit} (physical unit where the file has none).</li>
 *   <li>{@code include}: a glob on the file name inside folders and zips (e.g. {@code *.edf}), matched ignoring
 *       case unless {@code includeCaseSensitive} is true.</li>
 *   <li>{@code labelMap}: a list of rules {@code {"files": REGEX, "map": {FROM: TO}}}; for each file the first
 *       rule whose {@code files} pattern is found in the file name (or that has no {@code files}) and whose map
 *       holds the label renames it.</li>
 *   <li>{@code dropLabels}: labels (after mapping) whose segments are dropped.</li>
 *   <li>{@code onUnmatched}: error (default) | skip: what happens to a file whose name the label or group regex
 *       does not match; skip logs a note naming the file.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdapterSpec(
        @JsonProperty("description") String description,
        @JsonProperty("format") String format,
        @JsonProperty("rateHz") Double rateHz,
        @JsonProperty("channels") List<String> channels,
        @JsonProperty("labelFrom") String labelFrom,
        @JsonProperty("labelGroup") Integer labelGroup,
        @JsonProperty("groupFrom") String groupFrom,
        @JsonProperty("groupGroup") Integer groupGroup,
        @JsonProperty("variable") String variable,
        @JsonProperty("timeAxis") String timeAxis,
        @JsonProperty("timeColumn") String timeColumn,
        @JsonProperty("unit") String unit,
        @JsonProperty("include") String include,
        @JsonProperty("labelMap") List<LabelMapRule> labelMap,
        @JsonProperty("dropLabels") List<String> dropLabels,
        @JsonProperty("onUnmatched") String onUnmatched,
        @JsonProperty("table") TableSpec table,
        @JsonProperty("includeCaseSensitive") Boolean includeCaseSensitive) {

    /** The formats a reader exists for. */
    public static final List<String> FORMATS = List.of("auto", "edf", "bdf", "mat", "csv", "text", "wav", "table");

    /** One rule of the label map: in files whose name contains a match of {@code files}, rename labels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LabelMapRule(@JsonProperty("files") String files, @JsonProperty("map") Map<String, String> map) {
        public LabelMapRule {
            if (map == null || map.isEmpty()) {
                throw new IllegalArgumentException("a labelMap rule needs a non-empty \"map\"");
            }
            if (files != null) {
                compile(files, "labelMap.files");
            }
            map = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }

        /** Whether this rule applies to a file of this name. */
        public boolean appliesTo(String fileName) {
            return files == null || Pattern.compile(files).matcher(fileName).find();
        }
    }

    public AdapterSpec {
        format = format == null ? "auto" : format.trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format '" + format + "' is not one of " + String.join(", ", FORMATS));
        }
        if (table != null && !format.equals("table")) {
            throw new IllegalArgumentException("the \"table\" section needs \"format\": \"table\" (format is '" + format + "')");
        }
        if (rateHz != null && (!(rateHz > 0) || !Double.isFinite(rateHz))) {
            throw new IllegalArgumentException("rateHz must be a positive number of Hz, got " + rateHz);
        }
        channels = channels == null || channels.isEmpty() ? null : List.copyOf(channels.stream().map(String::trim).toList());
        if (channels != null && channels.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("channels must not contain an empty name");
        }
        if (labelFrom != null) {
            labelFrom = labelFrom.trim();
            String kind = kindOf(labelFrom);
            switch (kind) {
                case "annotation", "folder", "none" -> {
                    if (!labelFrom.equals(kind)) {
                        throw new IllegalArgumentException("labelFrom '" + labelFrom + "' takes no argument");
                    }
                }
                case "column", "fixed" -> {
                    if (argOf(labelFrom).isBlank()) {
                        throw new IllegalArgumentException("labelFrom '" + kind + ":' needs a name after the colon");
                    }
                }
                case "regex" -> compile(argOf(labelFrom), "labelFrom");
                default -> throw new IllegalArgumentException("labelFrom '" + labelFrom
                        + "' is not one of annotation, column:NAME, folder, regex:PATTERN, fixed:LABEL, none");
            }
        }
        if (groupFrom != null) {
            groupFrom = groupFrom.trim();
            String kind = kindOf(groupFrom);
            switch (kind) {
                case "file", "folder" -> {
                    if (!groupFrom.equals(kind)) {
                        throw new IllegalArgumentException("groupFrom '" + groupFrom + "' takes no argument");
                    }
                }
                case "regex" -> {
                    if (groupFrom.equals("regex")) {
                        if (labelFrom == null || !kindOf(labelFrom).equals("regex")) {
                            throw new IllegalArgumentException("groupFrom 'regex' reuses the labelFrom pattern, but labelFrom is not regex:PATTERN");
                        }
                    } else {
                        compile(argOf(groupFrom), "groupFrom");
                    }
                }
                case "fixed" -> {
                    if (argOf(groupFrom).isBlank()) {
                        throw new IllegalArgumentException("groupFrom 'fixed:' needs an id after the colon");
                    }
                }
                default -> throw new IllegalArgumentException("groupFrom '" + groupFrom
                        + "' is not one of file, folder, regex, regex:PATTERN, fixed:ID");
            }
        }
        if (labelGroup != null && labelGroup < 0) {
            throw new IllegalArgumentException("labelGroup must be >= 0, got " + labelGroup);
        }
        if (groupGroup != null && groupGroup < 0) {
            throw new IllegalArgumentException("groupGroup must be >= 0, got " + groupGroup);
        }
        if (timeAxis != null) {
            timeAxis = timeAxis.trim().toLowerCase(Locale.ROOT);
            if (!List.of("auto", "rows", "columns").contains(timeAxis)) {
                throw new IllegalArgumentException("timeAxis '" + timeAxis + "' is not one of auto, rows, columns");
            }
        }
        if (include != null && include.isBlank()) {
            include = null;
        }
        labelMap = labelMap == null ? List.of() : List.copyOf(labelMap);
        dropLabels = dropLabels == null ? List.of() : List.copyOf(dropLabels);
        if (onUnmatched != null) {
            onUnmatched = onUnmatched.trim().toLowerCase(Locale.ROOT);
            if (!List.of("error", "skip").contains(onUnmatched)) {
                throw new IllegalArgumentException("onUnmatched '" + onUnmatched + "' is not one of error, skip");
            }
        }
    }

    /** Without a table section (h13: the table section is {@link TableSpec}, read by {@link ExampleTables}). */
    public AdapterSpec(String description, String format, Double rateHz, List<String> channels, String labelFrom,
                       Integer labelGroup, String groupFrom, Integer groupGroup, String variable, String timeAxis,
                       String timeColumn, String unit, String include, List<LabelMapRule> labelMap, List<String> dropLabels,
                       String onUnmatched) {
        this(description, format, rateHz, channels, labelFrom, labelGroup, groupFrom, groupGroup, variable, timeAxis,
                timeColumn, unit, include, labelMap, dropLabels, onUnmatched, null, null);
    }

    /** Auto-detect everything: format by extension and magic, labels from the file's annotations. */
    public static AdapterSpec defaults() {
        return builder().buildUnchecked();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads and validates an adapter file; any problem becomes a SpectroganException naming the file. */
    public static AdapterSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(file, "adapter file not found", e);
        } catch (IOException e) {
            throw SpectroganException.inFile(file, "cannot read adapter file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * An adapter given by a path, or by a bare name such as {@code fsdd} looked up as
     * {@code data-adapters/fsdd.json} under the working folder (or under the project root the launcher passes).
     */
    public static AdapterSpec loadByNameOrPath(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p) && !nameOrPath.contains("/") && !nameOrPath.contains("\\")) {
            String file = nameOrPath.endsWith(".json") ? nameOrPath : nameOrPath + ".json";
            Path named = Path.of("data-adapters", file);
            String root = System.getProperty("spectrogan.root");
            if (!Files.exists(named) && root != null) {
                named = Path.of(root, "data-adapters", file);
            }
            if (Files.exists(named)) {
                p = named;
            }
        }
        return load(p);
    }

    /** Parses adapter JSON text; {@code where} names the source in messages (a file, or "pipeline.json: adapter"). */
    public static AdapterSpec parse(String json, String where) {
        try {
            return fromJson(MAPPER.readTree(json), where);
        } catch (JsonProcessingException e) {
            throw new SpectroganException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Builds a spec from a JSON object (for pipeline files that embed an adapter). */
    public static AdapterSpec fromJson(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new SpectroganException(where + ": an adapter must be a JSON object");
        }
        try {
            return MAPPER.treeToValue(node, AdapterSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String known = e.getKnownPropertyIds() == null ? "" : " (known keys: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw new SpectroganException(where + ": unknown key '" + e.getPropertyName() + "'"
                    + (path.contains(".") ? " at " + path : "") + known, e);
        } catch (InvalidFormatException e) {
            throw new SpectroganException(where + ": " + pathOf(e) + ": value " + e.getValue() + " is not a "
                    + e.getTargetType().getSimpleName(), e);
        } catch (MismatchedInputException e) {
            throw new SpectroganException(where + ": " + pathOf(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new SpectroganException(where + ": " + msg, e);
        } catch (IllegalArgumentException e) {
            throw new SpectroganException(where + ": " + e.getMessage(), e);
        }
    }

    private static String pathOf(MismatchedInputException e) {
        String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "value" : "key '" + p + "'";
    }

    /** This spec as JSON (for manifests). */
    public String toJson() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- derived views ------------------------------------------------------------------------------------

    /** The kind of label source: annotation, column, folder, regex, fixed, none, or "auto" when unset. */
    @JsonIgnore
    public String labelKind() {
        return labelFrom == null ? "auto" : kindOf(labelFrom);
    }

    /** The argument after the colon of labelFrom (column name, pattern, fixed label), or null. */
    @JsonIgnore
    public String labelArgument() {
        return labelFrom == null || !labelFrom.contains(":") ? null : argOf(labelFrom);
    }

    /** The kind of group source: file, folder, regex, fixed. */
    @JsonIgnore
    public String groupKind() {
        return groupFrom == null ? "file" : kindOf(groupFrom);
    }

    /** The group regex (labelFrom's for plain "regex"), or null. */
    @JsonIgnore
    public Pattern groupPattern() {
        if (!groupKind().equals("regex")) {
            return null;
        }
        return groupFrom.equals("regex") ? Pattern.compile(argOf(labelFrom)) : Pattern.compile(argOf(groupFrom));
    }

    /** The regex group holding the group id. */
    @JsonIgnore
    public int effectiveGroupGroup() {
        if (groupGroup != null) {
            return groupGroup;
        }
        return "regex".equals(groupFrom) ? 2 : 1;
    }

    @JsonIgnore
    public int effectiveLabelGroup() {
        return labelGroup == null ? 1 : labelGroup;
    }

    @JsonIgnore
    public boolean skipUnmatched() {
        return "skip".equals(onUnmatched);
    }

    /** The label after the label map for a file of this name. */
    public String mapLabel(String label, String fileName) {
        for (LabelMapRule rule : labelMap) {
            if (rule.map().containsKey(label) && rule.appliesTo(fileName)) {
                return rule.map().get(label);
            }
        }
        return label;
    }

    // ---- builder and overrides (CLI flags) ---------------------------------------------------------------

    /** A builder with every field unset (the defaults). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's fields, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.description = description;
        b.format = format;
        b.rateHz = rateHz;
        b.channels = channels;
        b.labelFrom = labelFrom;
        b.labelGroup = labelGroup;
        b.groupFrom = groupFrom;
        b.groupGroup = groupGroup;
        b.variable = variable;
        b.timeAxis = timeAxis;
        b.timeColumn = timeColumn;
        b.unit = unit;
        b.include = include;
        b.labelMap = labelMap;
        b.dropLabels = dropLabels;
        b.onUnmatched = onUnmatched;
        b.table = table;
        b.includeCaseSensitive = includeCaseSensitive;
        return b;
    }

    /**
     * Builds an {@link AdapterSpec}: every field is optional ({@code optX}); {@link #build()} validates and names
     * the source ({@link #optSource}: the adapter file, or e.g. "pipeline.json: adapter") and the key in its error.
     */
    public static final class Builder {
        private String source;
        private String description;
        private String format;
        private Double rateHz;
        private List<String> channels;
        private String labelFrom;
        private Integer labelGroup;
        private String groupFrom;
        private Integer groupGroup;
        private String variable;
        private String timeAxis;
        private String timeColumn;
        private String unit;
        private String include;
        private List<LabelMapRule> labelMap;
        private List<String> dropLabels;
        private String onUnmatched;
        private TableSpec table;
        private Boolean includeCaseSensitive;

        private Builder() {
        }

        /** Where the values come from, for error messages (default "adapter"). */
        public Builder optSource(String v) {
            source = v;
            return this;
        }

        public Builder optDescription(String v) {
            description = v;
            return this;
        }

        public Builder optFormat(String v) {
            format = v;
            return this;
        }

        public Builder optRateHz(Double v) {
            rateHz = v;
            return this;
        }

        public Builder optChannels(List<String> v) {
            channels = v;
            return this;
        }

        /** Another label source; a groupFrom of plain "regex" that relied on the old pattern is dropped. */
        public Builder optLabelFrom(String v) {
            if ("regex".equals(groupFrom) && (v == null || !kindOf(v).equals("regex"))) {
                groupFrom = null;
            }
            labelFrom = v;
            return this;
        }

        public Builder optLabelGroup(Integer v) {
            labelGroup = v;
            return this;
        }

        public Builder optGroupFrom(String v) {
            groupFrom = v;
            return this;
        }

        public Builder optGroupGroup(Integer v) {
            groupGroup = v;
            return this;
        }

        public Builder optVariable(String v) {
            variable = v;
            return this;
        }

        public Builder optTimeAxis(String v) {
            timeAxis = v;
            return this;
        }

        public Builder optTimeColumn(String v) {
            timeColumn = v;
            return this;
        }

        public Builder optUnit(String v) {
            unit = v;
            return this;
        }

        public Builder optInclude(String v) {
            include = v;
            return this;
        }

        public Builder optLabelMap(List<LabelMapRule> v) {
            labelMap = v;
            return this;
        }

        public Builder optDropLabels(List<String> v) {
            dropLabels = v;
            return this;
        }

        public Builder optOnUnmatched(String v) {
            onUnmatched = v;
            return this;
        }

        /** Whether {@code include} matches case-sensitively (default false: {@code *.txt} also reads {@code X.TXT}). */
        public Builder optIncludeCaseSensitive(Boolean v) {
            includeCaseSensitive = v;
            return this;
        }

        /** The layout of a {@code format: table} input (examples per row), see {@link TableSpec}. */
        public Builder optTable(TableSpec v) {
            table = v;
            return this;
        }

        /** The validated spec; a bad value is a SpectroganException naming the source and the key. */
        public AdapterSpec build() {
            try {
                return buildUnchecked();
            } catch (IllegalArgumentException e) {
                throw new SpectroganException((source == null ? "adapter" : source) + ": " + e.getMessage(), e);
            }
        }

        /** The spec, a bad value an IllegalArgumentException (as the record constructor). */
        AdapterSpec buildUnchecked() {
            return new AdapterSpec(description, format, rateHz, channels, labelFrom, labelGroup, groupFrom, groupGroup,
                    variable, timeAxis, timeColumn, unit, include, labelMap, dropLabels, onUnmatched, table,
                    includeCaseSensitive);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static String kindOf(String source) {
        int i = source.indexOf(':');
        return (i < 0 ? source : source.substring(0, i)).trim().toLowerCase(Locale.ROOT);
    }

    static String argOf(String source) {
        int i = source.indexOf(':');
        return i < 0 ? "" : source.substring(i + 1);
    }

    private static Pattern compile(String regex, String key) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + " pattern '" + regex + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /** Names of the JSON keys an adapter file may hold. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (var c : AdapterSpec.class.getRecordComponents()) {
            keys.add(c.getName());
        }
        return keys;
    }
}
