package org.spectrogan.augment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spectrogan.gan.GanModel;
import org.spectrogan.gan.TrainingSet;

/**
 * A stand-in generator for tests of the pipeline's own logic: a diagonal Gaussian per class fitted to the
 * training rows (optionally shifted, or with NaN shift drawn from the next class: mislabelled, bad synthetic data), and a record of every row it trained on.
 */
final class FakeGan implements GanModel {
    final TrainingSet data;
    final double shift;
    private final double[][] mean;
    private final double[][] sd;
    private final Path dir;

    FakeGan(TrainingSet data, double shift, Path dir) {
        this.data = data;
        this.shift = shift;
        this.dir = dir;
        int k = data.classNames().size();
        int d = data.featureNames().size();
        mean = new double[k][d];
        sd = new double[k][d];
        int[] n = new int[k];
        for (int i = 0; i < data.x().length; i++) {
            n[data.classIndex()[i]]++;
            for (int j = 0; j < d; j++) {
                mean[data.classIndex()[i]][j] += data.x()[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                mean[c][j] /= Math.max(1, n[c]);
            }
        }
        for (int i = 0; i < data.x().length; i++) {
            int c = data.classIndex()[i];
            for (int j = 0; j < d; j++) {
                sd[c][j] += Math.pow(data.x()[i][j] - mean[c][j], 2) / Math.max(1, n[c] - 1);
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                sd[c][j] = Math.sqrt(sd[c][j]);
            }
        }
        try {
            if (dir != null) {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("weights.txt"), "fake " + data.x().length);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final List<FakeGan> TRAINED = new ArrayList<>();
    /** The seed of every GAN configuration the trainer was given, in training order. */
    static final List<Long> SEEDS = new ArrayList<>();

    static GanSettings.Trainer trainer(double shift) {
        return (data, config, outDir, listener) -> {
            FakeGan g = new FakeGan(data, shift, outDir);
            synchronized (TRAINED) {
                TRAINED.add(g);
                SEEDS.add(config.seed());
            }
            listener.onTrainingBegin(0, config.steps());
            for (int s = 1; s <= config.steps(); s++) {
                listener.onStep(new org.spectrogan.gan.LossPoint(s, 1.0 / s, -1.0 / s, 0.1));
            }
            listener.onTrainingEnd(config.steps(), false);
            return g;
        };
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public List<String> featureNames() {
        return data.featureNames();
    }

    @Override
    public double[][] generate(String className, int count, long seed) {
        int c = data.classNames().indexOf(className);
        if (Double.isNaN(shift)) {
            c = (c + 1) % data.classNames().size(); // mislabelled rows: another class's distribution
        }
        Random rnd = new Random(seed);
        double[][] out = new double[count][mean[c].length];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = mean[c][j] + (Double.isNaN(shift) ? 0 : shift) + sd[c][j] * rnd.nextGaussian();
            }
        }
        return out;
    }

    /** Rows of the weighted mix of the classes' Gaussians: mean and SD the weighted means of theirs (the shift added). */
    @Override
    public double[][] generateMix(java.util.Map<String, Double> classWeights, int count, long seed) {
        int d = mean[0].length;
        double[] m = new double[d];
        double[] s = new double[d];
        for (var e : classWeights.entrySet()) {
            int c = data.classNames().indexOf(e.getKey());
            for (int j = 0; j < d; j++) {
                m[j] += e.getValue() * mean[c][j];
                s[j] += e.getValue() * sd[c][j];
            }
        }
        Random rnd = new Random(seed);
        double[][] out = new double[count][d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = m[j] + (Double.isNaN(shift) ? 0 : shift) + s[j] * rnd.nextGaussian();
            }
        }
        return out;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public List<org.spectrogan.gan.LossPoint> lossHistory() {
        return List.of(new org.spectrogan.gan.LossPoint(1, 0.5, -0.5, 0.1), new org.spectrogan.gan.LossPoint(2, 0.4, -0.4, 0.1));
    }

    @Override
    public void close() {
    }
}
