package org.spectrogan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.Features;
import org.spectrogan.features.PitchTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spectrogan pitch}: the f0 track of a singing recording (YIN), optionally scored against an annotation. */
@Command(name = "pitch", mixinStandardHelpOptions = true,
        description = "Track f0 of a recording with YIN (TarsosDSP); with --reference, print the median cents error on frames voiced in both.")
public final class PitchCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "A recording (WAV or any readable format); channels are mixed to mono.")
    Path input;

    @Mixin
    ReaderOptions reader;

    @Option(names = "--reference", paramLabel = "CSV", description = "f0 annotation: lines 'time_s,f0_hz' (f0 <= 0 = unvoiced), as in ../shared/data/singing-clips/f0.")
    Path reference;

    @Option(names = "--out", paramLabel = "CSV", description = "Write the track (time_s,f0_hz) here, atomically.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing --out file.")
    boolean overwrite;

    @Option(names = "--frame-samples", defaultValue = "2048", description = "YIN frame length in samples (default ${DEFAULT-VALUE}).")
    int frameSamples;

    @Option(names = "--hop-samples", defaultValue = "256", description = "Hop between frames in samples (default ${DEFAULT-VALUE}).")
    int hopSamples;

    @Option(names = "--fmin-hz", defaultValue = "60", description = "Lowest f0 in Hz (default ${DEFAULT-VALUE}).")
    double fminHz;

    @Option(names = "--fmax-hz", defaultValue = "1200", description = "Highest f0 in Hz (default ${DEFAULT-VALUE}).")
    double fmaxHz;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (frameSamples < 4 || hopSamples < 1) {
            throw new SpectroganException("--frame-samples must be >= 4 and --hop-samples >= 1 samples, got "
                    + frameSamples + " and " + hopSamples);
        }
        if (!(fminHz > 0) || !(fmaxHz > fminHz)) {
            throw new SpectroganException("need 0 < --fmin-hz < --fmax-hz, got " + fminHz + " Hz and " + fmaxHz + " Hz");
        }
        if (out != null) {
            AtomicFiles.requireAbsentOrOverwrite(out, overwrite);
        }
        Recording rec = Recordings.readFile(input, reader.toSpec());
        float[] mono = mono(rec);
        List<Recording.Piece> pieces = rec.pieces();
        int[] pieceStarts = new int[pieces.size()];
        double[] pieceSeconds = new double[pieces.size()];
        int longest = 0;
        for (int k = 0; k < pieceStarts.length; k++) {
            pieceStarts[k] = pieces.get(k).startSample();
            pieceSeconds[k] = pieces.get(k).startSeconds();
            longest = Math.max(longest, pieces.get(k).sampleCount());
        }
        if (longest < frameSamples) {
            throw SpectroganException.inFile(input, (pieces.size() == 1 ? "recording has " + mono.length + " samples"
                    : "the longest of its " + pieces.size() + " contiguous pieces has " + longest + " samples")
                    + ", shorter than one YIN frame of " + frameSamples + " samples");
        }
        // a discontinuous recording (EDF+D) is tracked piece by piece: no frame straddles a gap
        PitchTracker.Track track = PitchTracker.track(mono, rec.sampleRateHz(), frameSamples, hopSamples, fminHz, fmaxHz,
                pieceStarts, pieceSeconds);
        PrintWriter w = spec.commandLine().getOut();
        int voiced = 0;
        for (double f : track.f0Hz()) {
            voiced += f > 0 ? 1 : 0;
        }
        w.printf(Locale.ROOT, "%s: %d frames of %d samples every %d samples at %s Hz, %d voiced%n", input,
                track.f0Hz().length, frameSamples, hopSamples, rec.sampleRateHz(), voiced);
        if (reference != null) {
            double[][] ref = readReference(reference);
            PitchTracker.Agreement a = PitchTracker.compare(track, ref[0], ref[1]);
            w.printf(Locale.ROOT, "against %s: median error %.1f cents on %d frames voiced in both; %.0f%% of %d voiced reference frames found voiced%n",
                    reference, a.medianCentsError(), a.framesCompared(), 100 * a.voicedRecall(), a.voicedReferenceFrames());
        }
        if (out != null) {
            StringBuilder sb = new StringBuilder("time_s,f0_hz\n");
            for (int i = 0; i < track.f0Hz().length; i++) {
                sb.append(track.timesSeconds()[i]).append(',').append(track.f0Hz()[i]).append('\n');
            }
            AtomicFiles.writeString(out, sb.toString());
            w.println("wrote " + out);
        }
        return 0;
    }

    private static float[] mono(Recording rec) {
        float[][] channels = new float[rec.channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = rec.channel(c);
        }
        return Features.monoMix(channels);
    }

    /** Reads 'time_s,f0_hz' lines (a non-numeric first line is a header). */
    static double[][] readReference(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(csv, "no such file");
        } catch (IOException e) {
            throw SpectroganException.inFile(csv, "cannot read (" + e.getMessage() + ")", e);
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] c = line.split("[,;\\s]+");
            try {
                if (c.length < 2) {
                    throw new NumberFormatException();
                }
                rows.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
            } catch (NumberFormatException e) {
                if (i == 0) {
                    continue;
                }
                throw SpectroganException.inFile(csv, "line " + (i + 1) + ": expected 'time_s,f0_hz', got '" + line + "'");
            }
        }
        if (rows.isEmpty()) {
            throw SpectroganException.inFile(csv, "no f0 values");
        }
        double[][] out = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = rows.get(i)[0];
            out[1][i] = rows.get(i)[1];
        }
        return out;
    }
}
