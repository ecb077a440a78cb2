package org.spectrogan.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spectrogan.common.SpectroganException;
import org.spectrogan.common.ZScore;

/** A generator read from a checkpoint: writes rows per class in the training data's original units. */
final class TrainedGenerator implements GanModel {
    private static final int CHUNK_ROWS = 1024;
    private final Path directory;
    private final NDManager manager;
    private final Mlp generator;
    private final ZScore normaliser;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final List<LossPoint> history;
    private final List<QualityPoint> scores;
    private final int latent;
    /** The generator's class embedding (k x width), null for one-hot classes. */
    private final NDArray embedding;
    /** The anchor whose base rows are added to the network's output ({@link GanConfig.Anchor}), null when none. */
    private final RowAnchor anchor;
    private boolean closed;

    TrainedGenerator(Path directory, Checkpoint.Loaded loaded) {
        this(directory, loaded.state(), loaded.history(), samplingTensors(loaded), loaded.scores(),
                RowAnchor.read(loaded));
    }

    /**
     * A generator of {@code s}'s shape with the given tensors (weights and biases per layer, then the class
     * embedding if any, as {@link Parameters} orders them), e.g. a snapshot taken during training, and the anchor
     * {@code anchor} (required when {@code s}'s config has one, else null).
     */
    TrainedGenerator(Path directory, Checkpoint.State s, List<LossPoint> history, List<float[]> tensors,
                     List<QualityPoint> scores, RowAnchor anchor) {
        if ((s.config().anchor() != GanConfig.Anchor.NONE) != (anchor != null)) {
            throw new IllegalArgumentException("anchor " + s.config().anchor().cliName() + " with "
                    + (anchor == null ? "no" : "an") + " anchor");
        }
        this.anchor = anchor;
        this.directory = directory;
        this.classNames = List.copyOf(s.classNames());
        this.featureNames = List.copyOf(s.featureNames());
        this.normaliser = ZScore.of(s.normalisationMean(), s.normalisationStd(), ZScore.ConstantColumns.PIN);
        this.history = List.copyOf(history);
        this.scores = List.copyOf(scores);
        this.latent = s.config().latentDim();
        Engine engine = Engines.get(s.config().engine());
        Engines.setThreads(engine, s.config().threads());
        this.manager = engine.newBaseManager(Engines.device(engine));
        boolean embedded = s.config().generatorConditioning() == GanConfig.GeneratorConditioning.EMBEDDING;
        int[] sizes = Mlp.sizes(latent + (embedded ? GanConfig.GENERATOR_EMBEDDING_WIDTH : classNames.size()),
                s.config().hidden(), featureNames.size());
        NDArray[] w = new NDArray[sizes.length - 1];
        NDArray[] b = new NDArray[sizes.length - 1];
        for (int l = 0; l < w.length; l++) {
            float[] wv = tensors.get(2 * l);
            float[] bv = tensors.get(2 * l + 1);
            if (wv.length != sizes[l + 1] * sizes[l] || bv.length != sizes[l + 1]) {
                manager.close();
                throw SpectroganException.inFile(directory.resolve("weights.bin"),
                        "corrupt: generator layer " + l + " has " + wv.length + " weights, config implies ("
                                + sizes[l + 1] + ", " + sizes[l] + ")");
            }
            w[l] = manager.create(wv, new Shape(sizes[l + 1], sizes[l]));
            b[l] = manager.create(bv, new Shape(sizes[l + 1]));
        }
        this.generator = Mlp.of(sizes, w, b);
        this.embedding = embedded
                ? manager.create(tensors.get(2 * w.length), new Shape(classNames.size(), GanConfig.GENERATOR_EMBEDDING_WIDTH))
                : null;
    }

    /**
     * The generator tensors samples come from: the snapshot chosen by quality when training kept one, else the
     * weight average when training kept one, else the last weights.
     */
    private static List<float[]> samplingTensors(Checkpoint.Loaded loaded) {
        Checkpoint.State s = loaded.state();
        String prefix = loaded.names().contains(TrainingState.SELECTED + "weight0") ? TrainingState.SELECTED
                : s.config().emaDecay() > 0 ? "generator.average." : "generator.";
        int layers = s.config().hidden().size() + 1;
        List<float[]> t = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++) {
            t.add(loaded.tensor(prefix + "weight" + l));
            t.add(loaded.tensor(prefix + "bias" + l));
        }
        if (s.config().generatorConditioning() == GanConfig.GeneratorConditioning.EMBEDDING) {
            t.add(loaded.tensor(prefix + "embedding"));
        }
        return t;
    }

    /** The quality scores of training ({@link GanConfig.SelectBy#QUALITY}), empty otherwise. */
    @Override
    public List<QualityPoint> qualityScores() {
        return scores;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public synchronized double[][] generate(String className, int count, long seed) {
        int cls = classIndex(className);
        float[] condition = new float[classNames.size()];
        condition[cls] = 1f;
        return generate(condition, cls + 1L, count, seed);
    }

    /**
     * {@inheritDoc} The generator's input is the noise and the convex mix of the classes' one-hot codes, so with the
     * embedding conditioning it sees the same mix of the classes' embedding rows. The noise comes from the stream
     * of the class with the largest weight (on a tie, the one first in {@link #classNames()}), so a weight of 1 on one class gives exactly
     * {@link #generate(String, int, long)}'s rows.
     */
    @Override
    public synchronized double[][] generateMix(Map<String, Double> classWeights, int count, long seed) {
        if (classWeights.isEmpty()) {
            throw new SpectroganException("a class mix needs at least one class, got none");
        }
        float[] condition = new float[classNames.size()];
        double total = 0;
        for (var e : classWeights.entrySet()) {
            int cls = classIndex(e.getKey());
            double w = e.getValue();
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new SpectroganException("class mix weight of '" + e.getKey() + "' must be finite and >= 0, got " + w);
            }
            condition[cls] += (float) w;
            total += w;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new SpectroganException("class mix weights must sum to 1, got " + total + " for " + classWeights);
        }
        int heaviest = 0;
        for (int c = 1; c < condition.length; c++) {
            heaviest = condition[c] > condition[heaviest] ? c : heaviest;
        }
        return generate(condition, heaviest + 1L, count, seed);
    }

    private int classIndex(String className) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        int cls = classNames.indexOf(className);
        if (cls < 0) {
            throw new SpectroganException("class '" + className + "' is not in the model (classes: "
                    + String.join(", ", classNames) + ")");
        }
        return cls;
    }

    /** {@code count} rows for the class code {@code condition} (k weights), noise from stream {@code stream} of {@code seed}. */
    private double[][] generate(float[] condition, long stream, int count, long seed) {
        if (count < 0) {
            throw new SpectroganException("count of synthetic rows must be >= 0, got " + count);
        }
        int k = classNames.size();
        int d = featureNames.size();
        double[][] out = new double[count][];
        SplittableRandom rng = StepRandom.forStream(seed, stream);
        for (int start = 0; start < count; start += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, count - start);
            float[] z = new float[n * (latent + k)];
            float[] shift = anchor == null ? null : new float[n * d];
            for (int r = 0; r < n; r++) {
                int o = r * (latent + k);
                for (int j = 0; j < latent; j++) {
                    z[o + j] = (float) rng.nextGaussian();
                }
                System.arraycopy(condition, 0, z, o + latent, k);
                if (anchor != null) { // the base row after z, from the same stream: sum_c w_c b_c
                    anchor.addShift(condition, rng, shift, r * d);
                }
            }
            float[] y;
            try (NDManager m = manager.newSubManager()) {
                m.tempAttachAll(generator.parameters().toArray(new NDArray[0]));
                NDArray input = m.create(z, new Shape(n, latent + k));
                if (embedding != null) {
                    m.tempAttachAll(embedding);
                    input = WganTrainer.embedClasses(input, latent, embedding);
                }
                y = generator.forward(input).toFloatArray();
            }
            if (shift != null) {
                for (int i = 0; i < y.length; i++) {
                    y[i] += shift[i];
                }
            }
            for (int r = 0; r < n; r++) {
                double[] row = new double[d];
                for (int j = 0; j < d; j++) {
                    row[j] = normaliser.invert(j, y[r * d + j]);
                }
                out[start + r] = row;
            }
        }
        return out;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public List<LossPoint> lossHistory() {
        return history;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
