package org.spectrogan.features;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.SpectroganException;

/**
 * What a features CSV holds, written beside it as {@code <csv>.meta.json}: the kind, the sample rate, the
 * concrete sample counts (window, step, nperseg, nfft, hop), mel settings, frames per example, the channels
 * and the spec it came from. {@code spectrogan render} and the pipeline read it to turn rows back into audio.
 */
public record FeatureMeta(FeatureKind kind, double sampleRateHz, int windowSamples, int stepSamples,
                          int npersegSamples, int nfftSamples, int hopSamples, int binCount, int nMels,
                          double fminHz, double fmaxHz, MelScale melScale, int nMfcc, int patchFrames,
                          int featureCount, List<String> channels, FeatureSpec spec) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public FeatureMeta {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    static FeatureMeta of(FeatureSpec.Resolved r, List<String> channels, int featureCount) {
        FeatureSpec s = r.spec();
        return new FeatureMeta(s.kind(), r.sampleRateHz(), r.windowSamples(), r.stepSamples(), r.npersegSamples(),
                r.nfftSamples(), r.hopSamples(), r.binCount(), r.nMels(), r.fminHz(), r.fmaxHz(), s.melScale(),
                r.nMfcc(), r.patchFrames(), featureCount, channels, s);
    }

    /** The number of spectral coefficients per frame (bins, mels or MFCCs) for audio kinds. */
    public int coefficientsPerFrame() {
        return switch (kind) {
            case STFT -> binCount;
            case LOGMEL -> nMels;
            case MFCC -> nMfcc;
            default -> throw new IllegalStateException(kind.id() + " has no frames");
        };
    }

    /** {@code <csv>.meta.json}. */
    public static Path sidecarOf(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".meta.json");
    }

    /** Writes this as the sidecar of {@code csv}, atomically. */
    public void writeBeside(Path csv) {
        write(sidecarOf(csv));
    }

    public void write(Path json) {
        try {
            AtomicFiles.writeString(json, JSON.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw SpectroganException.inFile(json, "cannot encode feature metadata (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the sidecar of {@code csv}. */
    public static FeatureMeta readBeside(Path csv) {
        Path json = sidecarOf(csv);
        if (!Files.exists(json)) {
            throw SpectroganException.inFile(csv, "no feature metadata beside it (" + json.getFileName()
                    + " is missing; it is written by 'spectrogan features')");
        }
        return read(json);
    }

    public static FeatureMeta read(Path json) {
        try {
            return JSON.readValue(json.toFile(), FeatureMeta.class);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(json, "no such file");
        } catch (SpectroganException e) {
            throw SpectroganException.inFile(json, e.getMessage(), e);
        } catch (IOException e) {
            Throwable c = e.getCause();
            if (c instanceof SpectroganException se) {
                throw SpectroganException.inFile(json, se.getMessage(), e);
            }
            throw SpectroganException.inFile(json, "not valid feature metadata (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /** Parses the JSON text of a meta file (for tests and embedding). */
    public static FeatureMeta parse(String json) {
        try {
            return JSON.readValue(json, FeatureMeta.class);
        } catch (IOException e) {
            throw new SpectroganException("not valid feature metadata (" + e.getMessage() + ")", e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
