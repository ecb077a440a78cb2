package org.spectrogan.cli;

import java.nio.file.Path;
import java.util.List;
import org.spectrogan.adapters.AdapterSpec;
import picocli.CommandLine.Option;

/**
 * The reader options every command that reads recordings shares ({@code inspect}, {@code features},
 * {@code augment}): use with {@code @Mixin ReaderOptions reader;} and call {@link #toSpec()}. The adapter file
 * is read first, then each given flag overrides its field.
 */
public final class ReaderOptions {
    @Option(names = "--adapter", paramLabel = "FILE",
            description = "Adapter file (data-adapters/*.json) saying how the recordings are laid out; a bare name such as 'fsdd' means data-adapters/fsdd.json.")
    String adapter;

    @Option(names = "--format", paramLabel = "F",
            description = "File format: auto (by extension and magic bytes, the default), edf, bdf, mat, csv, text, wav.")
    String format;

    @Option(names = "--rate-hz", paramLabel = "R",
            description = "Sample rate in Hz, for files that carry none (mat, text, csv without a time column).")
    Double rateHz;

    @Option(names = "--channels", paramLabel = "A,B,..", split = ",",
            description = "Channels to keep, by name, in this order (EDF names match with or without trailing dots).")
    List<String> channels;

    @Option(names = "--label-from", paramLabel = "SOURCE",
            description = "Where labels come from: annotation, column:NAME, folder, regex:PATTERN (label = group 1, or --label-group), fixed:LABEL, none.")
    String labelFrom;

    @Option(names = "--label-group", paramLabel = "N", description = "Regex group of --label-from regex:PATTERN holding the label (default 1).")
    Integer labelGroup;

    @Option(names = "--group-from", paramLabel = "SOURCE",
            description = "Where the group id (subject / recording / speaker) comes from: file (default), folder, regex (the label pattern, group 2 or --group-group), regex:PATTERN, fixed:ID.")
    String groupFrom;

    @Option(names = "--group-group", paramLabel = "N", description = "Regex group holding the group id.")
    Integer groupGroup;

    @Option(names = "--variable", paramLabel = "NAME", description = "MAT files: the variable holding the signal (default: the only numeric matrix).")
    String variable;

    @Option(names = "--time-column", paramLabel = "NAME",
            description = "CSV: the timestamp column (seconds); not a channel, gives the rate by median spacing. Default: a column named time, timestamp or timestamps.")
    String timeColumn;

    @Option(names = "--include", paramLabel = "GLOB", description = "Folders and zips: read only files whose name matches this glob, e.g. '*.edf'.")
    String include;

    /** The adapter file (if any) with the given flags applied on top. */
    public AdapterSpec toSpec() {
        AdapterSpec spec = adapter == null ? AdapterSpec.defaults() : AdapterSpec.loadByNameOrPath(adapter);
        return applyTo(spec);
    }

    /** The given flags applied on top of {@code base} (e.g. an adapter embedded in a pipeline). */
    public AdapterSpec applyTo(AdapterSpec base) {
        AdapterSpec.Builder b = base.toBuilder().optSource("command-line reader options");
        given(format, b::optFormat);
        given(rateHz, b::optRateHz);
        if (channels != null && !channels.isEmpty()) {
            b.optChannels(channels);
        }
        given(labelFrom, b::optLabelFrom);
        given(labelGroup, b::optLabelGroup);
        given(groupFrom, b::optGroupFrom);
        given(groupGroup, b::optGroupGroup);
        given(variable, b::optVariable);
        given(timeColumn, b::optTimeColumn);
        given(include, b::optInclude);
        return b.build();
    }

    /** Sets a flag that was given (null: not on the command line, the base's value stays). */
    private static <T> void given(T value, java.util.function.Consumer<T> set) {
        if (value != null) {
            set.accept(value);
        }
    }

    /** The adapter path as given, or null. */
    public Path adapterPath() {
        return adapter == null ? null : Path.of(adapter);
    }
}
