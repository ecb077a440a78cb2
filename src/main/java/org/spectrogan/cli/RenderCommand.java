package org.spectrogan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.AudioRenderer;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spectrogan render}: spectral feature rows back to WAV through Griffin-Lim. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Turn spectral feature rows (stft, logmel or mfcc; real or synthetic) back into WAV audio.",
            "Griffin-Lim, reading the <features>.meta.json sidecar. Writes one WAV per patch row (single-frame rows are",
            "stacked per label) and renderings.csv with each clip's spectral convergence."})
public final class RenderCommand implements Callable<Integer> {
    @Option(names = "--features", required = true, paramLabel = "FILE", description = "A features CSV with its .meta.json beside it.")
    Path features;

    @Option(names = "--meta", paramLabel = "FILE", description = "The metadata file, if not <features>.meta.json.")
    Path meta;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the WAV files.")
    Path out;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "64", description = "Griffin-Lim iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--max-clips", paramLabel = "N", defaultValue = "1000", description = "At most this many WAV files (default ${DEFAULT-VALUE}).")
    int maxClips;

    @Option(names = "--frames-per-clip", paramLabel = "N", defaultValue = "64", description = "Single-frame rows: frames stacked per clip (default ${DEFAULT-VALUE}).")
    int framesPerClip;

    @Option(names = "--label", paramLabel = "LABEL", description = "Render only rows with this label.")
    String label;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Render only rows from this source (real or synthetic).")
    String source;

    @Option(names = "--utterances", description = "Patch rows: one WAV per (label, group, source), its patches placed over time at their t0 and rendered together (default: one WAV per patch row).")
    boolean utterances;

    @Option(names = "--overwrite", description = "Write into --out even if it exists and is not empty.")
    boolean overwrite;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.requireReplaceableFolder(out, overwrite);
        FeatureMeta m = meta != null ? FeatureMeta.read(meta) : FeatureMeta.readBeside(features);
        FeatureTable table = FeatureTable.read(features);
        if (label != null || source != null) {
            table = table.filter(r -> (label == null || r.label().equals(label)) && (source == null || r.source().equals(source)));
            if (table.size() == 0) {
                throw SpectroganException.inFile(features, "no rows with" + (label != null ? " label '" + label + "'" : "")
                        + (source != null ? " source '" + source + "'" : ""));
            }
        }
        AudioRenderer.Options options = new AudioRenderer.Options(iterations, 0.99, 1L, framesPerClip, maxClips, 0.9);
        // rendered into a temporary folder beside --out and moved into place when complete
        Path tmp = AtomicFiles.createTemporaryFolderBeside(out, "render");
        boolean done = false;
        List<AudioRenderer.Rendered> clips;
        try {
            clips = utterances && m.patchFrames() > 1
                    ? AudioRenderer.renderUtterances(table, m, tmp, options) : AudioRenderer.render(table, m, tmp, options);
            writeIndex(tmp, clips);
            AtomicFiles.replaceFolder(tmp, out, overwrite);
            done = true;
        } finally {
            if (!done) {
                AtomicFiles.deleteTree(tmp);
            }
        }
        double sum = 0;
        for (AudioRenderer.Rendered r : clips) {
            sum += r.spectralConvergence();
        }
        PrintWriter w = commandSpec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %d WAV file(s) to %s; mean Griffin-Lim spectral convergence %.4f (%d iterations)%n",
                clips.size(), out, clips.isEmpty() ? 0.0 : sum / clips.size(), iterations);
        return 0;
    }

    private static void writeIndex(Path dir, List<AudioRenderer.Rendered> clips) {
        StringBuilder csv = new StringBuilder("file,label,source,group,seconds,spectral_convergence\n");
        for (AudioRenderer.Rendered r : clips) {
            csv.append(r.file().getFileName()).append(',').append(r.label()).append(',').append(r.source()).append(',')
                    .append(r.group()).append(',').append(String.format(Locale.ROOT, "%.4f", r.seconds())).append(',')
                    .append(r.spectralConvergence()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("renderings.csv"), csv.toString());
    }
}
