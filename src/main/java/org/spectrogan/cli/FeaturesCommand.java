package org.spectrogan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.features.Band;
import org.spectrogan.features.FeatureKind;
import org.spectrogan.features.FeatureMeta;
import org.spectrogan.features.FeatureSpec;
import org.spectrogan.features.FeatureTable;
import org.spectrogan.features.Features;
import org.spectrogan.features.LabelPolicy;
import org.spectrogan.features.MelScale;
import org.spectrogan.features.NpyWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spectrogan features}: recordings to a features CSV (plus its {@code .meta.json} sidecar). */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Cut recordings into windows and write their spectral features as CSV.",
            "Columns: label, group, source, t0, features; a <out>.meta.json sidecar beside it is what",
            "'spectrogan render' and the pipeline read."})
public final class FeaturesCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "PATH", description = "A recording file, a folder of them or a .zip archive.")
    Path input;

    @Mixin
    ReaderOptions reader;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "de, psd, bandpower (EEG, Welch based) or stft, logmel, mfcc (audio).")
    String kind;

    @Option(names = "--window-s", paramLabel = "S", description = "Window length in seconds (EEG: required; audio: or give --patch-frames).")
    double windowSeconds;

    @Option(names = "--step-s", paramLabel = "S", description = "Step between window starts in seconds (EEG: required; audio default: the patch length).")
    double stepSeconds;

    @Option(names = "--nperseg", paramLabel = "N", description = "Welch / STFT segment length in samples (EEG default: 1 s of samples; audio: the power of two nearest 32 ms).")
    int nperseg;

    @Option(names = "--nfft", paramLabel = "N", description = "FFT length in samples (zero padding), default nperseg.")
    int nfft;

    @Option(names = "--hop", paramLabel = "N", description = "Audio: STFT hop in samples, default nperseg/4.")
    int hop;

    @Option(names = "--bands", paramLabel = "NAME:LO-HI,..", description = "Bands in Hz for de/bandpower (default delta:1-4,theta:4-8,alpha:8-14,beta:14-31,gamma:31-50).")
    String bands;

    @Option(names = "--n-mels", paramLabel = "N", description = "Audio: mel bands (default 64).")
    int nMels;

    @Option(names = "--n-mfcc", paramLabel = "N", description = "MFCC coefficients (default 20).")
    int nMfcc;

    @Option(names = "--fmin-hz", paramLabel = "HZ", description = "Lowest frequency of the mel filters / psd columns (default 0).")
    double fminHz;

    @Option(names = "--fmax-hz", paramLabel = "HZ", description = "Highest frequency of the mel filters / psd columns (default Nyquist).")
    double fmaxHz;

    @Option(names = "--mel-scale", paramLabel = "SCALE", description = "slaney (default, as librosa) or htk.")
    String melScale;

    @Option(names = "--patch-frames", paramLabel = "N", description = "Audio: STFT frames per example (1 = single frames; default from --window-s, else 1).")
    int patchFrames;

    @Option(names = "--label-policy", paramLabel = "P", description = "inside (default: only windows wholly inside one labelled segment) or majority.")
    String labelPolicy;

    @Option(names = "--pad-short", description = "Zero-pad recordings shorter than one window instead of skipping them.")
    boolean padShort;

    @Option(names = "--decimate", paramLabel = "K", defaultValue = "1", description = "raw (table inputs): mean of each K consecutive columns.")
    int decimate;

    @Option(names = "--baseline-samples", paramLabel = "B", defaultValue = "0", description = "raw (table inputs): subtract the mean of the first B columns.")
    int baselineSamples;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    int threads;

    @Option(names = "--npy", description = "Also write <out>.npy (float32): rows x channels x bands (de, bandpower), rows x channels x bins (psd), rows x coefficients x frames (audio patches).")
    boolean npy;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The features CSV to write (atomically).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out and its sidecars (<out>.meta.json, <out>.npy) if they exist.")
    boolean overwrite;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        if (Files.isDirectory(out)) {
            throw new SpectroganException(out + ": is a folder; --out names the features CSV file");
        }
        Path npyFile = out.resolveSibling(out.getFileName() + ".npy");
        // the CSV and its sidecars: none is replaced without --overwrite (checked before any recording is read)
        AtomicFiles.requireAbsentOrOverwrite(overwrite, npy ? new Path[] {out, FeatureMeta.sidecarOf(out), npyFile}
                : new Path[] {out, FeatureMeta.sidecarOf(out)});
        if (org.spectrogan.adapters.ExampleTables.isTable(reader.toSpec())) { // h13: tables of examples, kind raw
            FeatureTable t = org.spectrogan.features.RawExamples.of(kind, decimate, baselineSamples)
                    .apply(org.spectrogan.adapters.ExampleTables.read(input, reader.toSpec()));
            t.write(out);
            commandSpec.commandLine().getOut().println("wrote " + out + ": " + t.size() + " rows x " + t.featureCount() + " raw features");
            return 0;
        }
        FeatureSpec spec = spec();
        List<Recording> recordings = Recordings.read(input, reader.toSpec());
        if (recordings.isEmpty()) {
            throw SpectroganException.inFile(input, "no recording found");
        }
        FeatureTable table = Features.extract(recordings, spec, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        FeatureMeta meta = Features.meta(recordings, spec);
        table.write(out);
        meta.writeBeside(out);
        if (npy) {
            NpyWriter.write(npyFile, table, meta);
        }
        PrintWriter w = commandSpec.commandLine().getOut();
        w.println("wrote " + out + ": " + table.size() + " rows x " + table.featureCount() + " " + spec.kind().id()
                + " features from " + recordings.size() + " recording(s)");
        StringBuilder sb = new StringBuilder("rows per label:");
        for (Map.Entry<String, Integer> e : table.countsByLabel().entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        w.println(sb);
        w.println("metadata: " + FeatureMeta.sidecarOf(out));
        if (npy) {
            w.println("array: " + npyFile);
        }
        return 0;
    }

    FeatureSpec spec() {
        return FeatureSpec.builder()
                .setKind(FeatureKind.parse(kind))
                .setWindowSeconds(windowSeconds)
                .setStepSeconds(stepSeconds)
                .optNpersegSamples(nperseg)
                .optNfftSamples(nfft)
                .optHopSamples(hop)
                .optBands(bands == null ? null : Band.parseList(bands))
                .optNMels(nMels)
                .optNMfcc(nMfcc)
                .optFminHz(fminHz)
                .optFmaxHz(fmaxHz)
                .optMelScale(melScale == null ? null : MelScale.parse(melScale))
                .optPatchFrames(patchFrames)
                .optLabelPolicy(labelPolicy == null ? null : LabelPolicy.parse(labelPolicy))
                .optPadShort(padShort)
                .build();
    }
}
