package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spectrogan.common.AtomicFiles;
import org.spectrogan.common.Hashing;
import org.spectrogan.common.SpectroganException;

/**
 * Checkpoints on disk. A model folder holds {@code checkpoints/step-NNNNNNNN/} folders (state.json, weights.bin,
 * loss.csv) and a {@code LATEST} file naming the newest. A checkpoint is written into a temporary folder, moved
 * into place, then LATEST is replaced atomically, then older checkpoints are deleted: a crash at any point leaves
 * the previous complete checkpoint readable.
 */
final class Checkpoint {
    static final String FORMAT = "spectrogan-gan-checkpoint";
    static final int FORMAT_VERSION = 1;
    static final String LATEST = "LATEST";
    private static final int MAGIC = 0x5347414E; // "SGAN"
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoint() {
    }

    /** What state.json holds. */
    record State(String format, int formatVersion, int step, GanConfig config, List<String> classNames,
                 List<String> featureNames, double[] normalisationMean, double[] normalisationStd,
                 String dataSha256, String weightsSha256, String lossSha256, List<String> tensors,
                 String randomScheme, Map<String, Object> provenance) {
    }

    /** A checkpoint read back: its state and the named tensors as float arrays with shapes. */
    record Loaded(Path directory, State state, List<String> names, List<long[]> shapes, List<float[]> values,
                  List<LossPoint> history) {
        float[] tensor(String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw SpectroganException.inFile(directory.resolve("weights.bin"), "tensor '" + name + "' is missing");
            }
            return values.get(i);
        }

        NDArray array(NDManager manager, String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw SpectroganException.inFile(directory.resolve("weights.bin"), "tensor '" + name + "' is missing");
            }
            return manager.create(values.get(i), new Shape(shapes.get(i)));
        }

        /** The quality scores stored with the checkpoint ({@code quality.scores}), empty when none. */
        List<QualityPoint> scores() {
            int i = names.indexOf(TrainingState.SCORES);
            List<QualityPoint> out = new ArrayList<>();
            if (i >= 0) {
                float[] v = values.get(i);
                for (int j = 0; j + 1 < v.length; j += 2) {
                    out.add(new QualityPoint((int) v[j], v[j + 1]));
                }
            }
            return out;
        }
    }

    static boolean exists(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(LATEST));
    }

    static void write(Path modelDir, TrainingState training, State partial) {
        List<String> names = training.tensorNames();
        byte[] weights = encode(names, training.tensorShapes(), training.tensorValues());
        byte[] loss = LossHistory.csv(training.history).getBytes(StandardCharsets.UTF_8);
        State state = new State(FORMAT, FORMAT_VERSION, training.step, partial.config(), partial.classNames(),
                partial.featureNames(), partial.normalisationMean(), partial.normalisationStd(), partial.dataSha256(),
                Hashing.sha256(weights), Hashing.sha256(loss), names, partial.randomScheme(), partial.provenance());
        String name = String.format("step-%08d", training.step);
        Path checkpoints = modelDir.resolve("checkpoints");
        Path target = checkpoints.resolve(name);
        Path tmp = checkpoints.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(checkpoints);
            AtomicFiles.deleteTree(tmp);
            Files.createDirectories(tmp);
            Files.write(tmp.resolve("weights.bin"), weights);
            Files.write(tmp.resolve("loss.csv"), loss);
            Files.writeString(tmp.resolve("state.json"), JSON.writeValueAsString(state));
            AtomicFiles.deleteTree(target);
            AtomicFiles.moveIntoPlace(tmp, target);
            AtomicFiles.writeString(modelDir.resolve(LATEST), "checkpoints/" + name + "\n");
            try (var old = Files.list(checkpoints)) {
                for (Path p : old.toList()) {
                    if (!p.getFileName().toString().equals(name)) {
                        AtomicFiles.deleteTree(p);
                    }
                }
            }
        } catch (IOException e) {
            throw SpectroganException.inFile(target, "cannot write checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] encode(List<String> names, List<long[]> shapes, List<float[]> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                long[] shape = shapes.get(i);
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                float[] v = values.get(i);
                out.writeInt(v.length);
                for (float f : v) {
                    out.writeInt(Float.floatToRawIntBits(f));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /** Reads the newest checkpoint of {@code modelDir}; anything missing, foreign or corrupt is a clear error. */
    static Loaded read(Path modelDir) {
        Path latest = modelDir.resolve(LATEST);
        String pointer;
        try {
            pointer = Files.readString(latest, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(modelDir, "not a spectrogan model folder (no " + LATEST + " file)");
        } catch (IOException e) {
            throw SpectroganException.inFile(latest, "cannot read (" + e.getMessage() + ")", e);
        }
        if (!pointer.matches("checkpoints/step-\\d{8}")) {
            throw SpectroganException.inFile(latest, "corrupt: does not name a checkpoint ('" + pointer + "')");
        }
        Path dir = modelDir.resolve(pointer);
        Path stateFile = dir.resolve("state.json");
        State state;
        try {
            state = JSON.readValue(Files.readString(stateFile, StandardCharsets.UTF_8), State.class);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(stateFile, "missing: the checkpoint is incomplete or corrupt");
        } catch (IOException | IllegalArgumentException e) {
            throw SpectroganException.inFile(stateFile, "corrupt checkpoint state (" + firstLine(e.getMessage()) + ")", e);
        }
        if (!FORMAT.equals(state.format())) {
            throw SpectroganException.inFile(stateFile, "not a spectrogan GAN checkpoint (format '" + state.format() + "')");
        }
        if (state.formatVersion() != FORMAT_VERSION) {
            throw SpectroganException.inFile(stateFile, "checkpoint format version " + state.formatVersion()
                    + " is not supported by this spectrogan (reads version " + FORMAT_VERSION + "); retrain the model");
        }
        if (state.config() == null || state.classNames() == null || state.featureNames() == null
                || state.normalisationMean() == null || state.normalisationStd() == null
                || state.normalisationMean().length != state.featureNames().size()
                || state.normalisationStd().length != state.featureNames().size()) {
            throw SpectroganException.inFile(stateFile, "corrupt checkpoint state (fields missing or inconsistent)");
        }
        byte[] weights = readBytes(dir.resolve("weights.bin"));
        if (!Hashing.sha256(weights).equals(state.weightsSha256())) {
            throw SpectroganException.inFile(dir.resolve("weights.bin"), "corrupt: SHA-256 does not match state.json");
        }
        byte[] loss = readBytes(dir.resolve("loss.csv"));
        if (!Hashing.sha256(loss).equals(state.lossSha256())) {
            throw SpectroganException.inFile(dir.resolve("loss.csv"), "corrupt: SHA-256 does not match state.json");
        }
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(weights))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                throw SpectroganException.inFile(dir.resolve("weights.bin"), "not a version " + FORMAT_VERSION + " weights file");
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
                long[] shape = new long[in.readInt()];
                for (int j = 0; j < shape.length; j++) {
                    shape[j] = in.readLong();
                }
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Float.intBitsToFloat(in.readInt());
                }
                shapes.add(shape);
                values.add(v);
            }
        } catch (EOFException e) {
            throw SpectroganException.inFile(dir.resolve("weights.bin"), "corrupt: truncated");
        } catch (IOException e) {
            throw SpectroganException.inFile(dir.resolve("weights.bin"), "cannot read (" + e.getMessage() + ")", e);
        }
        List<LossPoint> history = LossHistory.parse(new String(loss, StandardCharsets.UTF_8), dir.resolve("loss.csv"));
        return new Loaded(dir, state, names, shapes, values, history);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw SpectroganException.inFile(file, "missing: the checkpoint is incomplete or corrupt");
        } catch (IOException e) {
            throw SpectroganException.inFile(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
