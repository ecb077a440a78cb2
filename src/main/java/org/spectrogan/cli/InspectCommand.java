package org.spectrogan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.ReadReport;
import org.spectrogan.adapters.ReadResult;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.RecordingSummary;
import org.spectrogan.adapters.Recordings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spectrogan inspect PATH}: what the readers make of a file, folder or zip. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe recordings (a file, a folder or a .zip): format, rate, channels, samples, duration, groups, and per label the segment count and seconds.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "A recording file, a folder of them (read recursively) or a .zip archive (default with --pipeline: its input.data).")
    Path input;

    @Option(names = "--pipeline", paramLabel = "FILE", description = "Read as this pipeline reads (its adapter, the flags on top) and cut its features' windows: also count the recordings and windows the extraction drops, per reason.")
    Path pipeline;

    @Option(names = "--threads", paramLabel = "N", description = "With --pipeline: feature threads (default: all processors).")
    int threads;

    @Mixin
    ReaderOptions reader;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        org.spectrogan.augment.PipelineConfig cfg = pipeline == null ? null : org.spectrogan.augment.PipelineConfig.load(pipeline);
        if (input == null && cfg == null) {
            throw new org.spectrogan.common.SpectroganException("inspect: give a PATH, or --pipeline FILE");
        }
        if (input == null) {
            input = cfg.dataPath();
        }
        AdapterSpec adapter = cfg == null ? reader.toSpec() : reader.applyTo(AdapterSpec.load(cfg.adapterPath()));
        org.spectrogan.features.FeatureSpec featureSpec = cfg == null || org.spectrogan.adapters.ExampleTables.isTable(adapter)
                ? null : org.spectrogan.augment.RecordingsLoader.featureSpec(cfg); // checked before any recording is read
        if (org.spectrogan.adapters.ExampleTables.isTable(adapter)) { // h13: tables of examples
            var t = org.spectrogan.adapters.ExampleTables.read(input, adapter);
            spec.commandLine().getOut().print(json ? new ObjectMapper().writeValueAsString(t.summary()) + "\n" : t.describe());
            spec.commandLine().getOut().flush();
            return 0;
        }
        ReadResult result = Recordings.readWithReport(input, adapter);
        List<Recording> recs = result.recordings();
        ReadReport report = result.report();
        RecordingSummary s = RecordingSummary.of(recs);
        org.spectrogan.features.Extraction extraction = featureSpec == null ? null
                : org.spectrogan.features.Features.extraction(recs, featureSpec, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = s.toMap();
            m.put("path", input.toString());
            Map<String, Object> skipped = new java.util.LinkedHashMap<>();
            report.skipped().forEach((reason, k) -> skipped.put(reason, Map.of("count", k.count(), "example", k.example())));
            m.put("filesFound", report.filesFound());
            m.put("skipped", skipped);
            if (extraction != null) {
                m.put("features", extraction);
            }
            out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            out.println("path:        " + input);
            out.println("format:      " + s.format());
            out.println("recordings:  " + s.recordings() + (report.filesFound() > 1 || report.skippedTotal() > 0
                    ? " (of " + report.filesFound() + " files found)" : ""));
            for (String line : report.lines()) {
                out.println("not read:    " + line);
            }
            out.println("rate:        " + (s.sampleRatesHz().size() == 1 ? fmt(s.sampleRateHz()) + " Hz"
                    : "differs: " + s.sampleRatesHz() + " Hz"));
            out.println("channels:    " + s.channels().size() + " (" + String.join(", ", s.channels()) + ")"
                    + (s.sameChannels() ? "" : " [channel names differ between recordings]"));
            out.println("unit:        " + (recs.get(0).physicalUnit().isEmpty() ? "(none)" : recs.get(0).physicalUnit()));
            out.println("samples:     " + s.samples() + " per channel" + (s.recordings() > 1 ? " (all recordings)" : ""));
            out.println("duration:    " + fmt(s.durationSeconds()) + " s");
            if (s.gaps() > 0) {
                out.println("gaps:        " + s.gaps() + " (" + fmt(s.gapSeconds()) + " s without samples; windows never straddle one)");
            }
            out.println("groups:      " + s.groups().size() + " " + abbreviate(s.groups()));
            if (s.labels().isEmpty()) {
                out.println("labels:      none");
            } else {
                out.println("labels:      " + s.labels().size());
                for (var e : s.labels().entrySet()) {
                    out.printf(Locale.ROOT, "  %-20s %6d segments %10.2f s%n", e.getKey(), e.getValue(),
                            s.labelSeconds().get(e.getKey()));
                }
            }
            if (extraction != null) {
                out.println("windows:     " + extraction.windowsKept() + " kept of " + extraction.windowsCut() + " cut, from "
                        + extraction.recordingsKept() + " of " + extraction.recordingsRead() + " recordings ("
                        + featureSpec.kind().id() + ")");
                for (org.spectrogan.features.Extraction.Drop d : extraction.drops()) {
                    out.println("dropped:     " + (d.reason() == org.spectrogan.features.DropReason.TOO_SHORT
                            ? d.recordings() + " " + d.reason().description()
                            : d.windows() + " " + d.reason().description() + " in " + d.recordings() + " recording(s)")
                            + " (e.g. " + d.example() + ")");
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String abbreviate(Map<String, Integer> groups) {
        StringBuilder b = new StringBuilder("(");
        int i = 0;
        for (var e : groups.entrySet()) {
            if (i++ == 12) {
                b.append(", ...");
                break;
            }
            b.append(i > 1 ? ", " : "").append(e.getKey()).append(e.getValue() > 1 ? " x" + e.getValue() : "");
        }
        return b.append(")").toString();
    }
}
