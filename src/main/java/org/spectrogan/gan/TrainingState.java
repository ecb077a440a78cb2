package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything that changes during training: both networks' flat parameters, optimiser state, step and loss
 * history. In checkpoints every tensor is stored by name: {@code generator.weight0}, {@code generator.bias0}, ...,
 * {@code critic.*}, then the optimiser state per tensor ({@code generator.optimiser.N} with N = tensor x
 * (state arrays) + state array: Adam's first and second moment, RMSProp's mean square). A network's class
 * embedding follows its layers ({@code critic.embedding}), then the critic's auxiliary class head when on
 * ({@code critic.auxClassifier.weight}, {@code critic.auxClassifier.bias}); the generator's weight average, when on, follows the
 * networks ({@code generator.average.weight0}, ...).
 */
final class TrainingState {
    final Parameters generator;
    final Parameters critic;
    final Optimiser generatorOptimiser;
    final Optimiser criticOptimiser;
    int step;
    /**
     * The generator's weights averaged over training ({@code avg = decay avg + (1 - decay) w} after every
     * generator update, starting from the initial weights), laid out like {@link #generator}'s flat array; null
     * when the average is off. Stored as {@code generator.average.*}; samples come from it.
     */
    NDArray generatorAverage;
    final List<LossPoint> history = new ArrayList<>();
    /**
     * Under {@link GanConfig.SelectBy#QUALITY}: the quality score per scored step ({@link QualityPoint}, scores
     * rounded to float so that a resumed run compares exactly what an uninterrupted one compares), stored as the
     * n x 2 tensor {@code quality.scores}; and the generator (its average when on) at the best-scoring step, in
     * {@link #generator}'s tensor order, stored as {@code generator.selected.*}. Empty and null before any score.
     */
    final List<QualityPoint> scores = new ArrayList<>();
    List<float[]> selected;
    /**
     * The Gaussian anchor under {@link GanConfig.Anchor#GAUSSIAN} (fixed, no optimiser state), stored after the
     * optimisers' state as {@code anchor.mean}, {@code anchor.factor}; null when off.
     */
    GaussianAnchor anchor;
    /** Both networks in checkpoint order, each with its name prefix and optimiser. */
    private final List<Network> networks;

    private record Network(String prefix, Parameters parameters, Optimiser optimiser) {
        int stateCount() {
            return optimiser.state.size();
        }
    }

    TrainingState(Parameters generator, Parameters critic, Optimiser generatorOptimiser, Optimiser criticOptimiser) {
        this.generator = generator;
        this.critic = critic;
        this.generatorOptimiser = generatorOptimiser;
        this.criticOptimiser = criticOptimiser;
        this.networks = List.of(new Network("generator", generator, generatorOptimiser),
                new Network("critic", critic, criticOptimiser));
    }

    /** The arrays that live across steps. */
    List<NDArray> arrays() {
        List<NDArray> a = new ArrayList<>();
        for (Network n : networks) {
            a.add(n.parameters().flat);
        }
        if (generatorAverage != null) {
            a.add(generatorAverage);
        }
        for (Network n : networks) {
            a.addAll(n.optimiser().state);
        }
        return a;
    }

    /** Named tensors in checkpoint order: both networks' weights and biases, then both optimisers' state. */
    List<String> tensorNames() {
        List<String> names = new ArrayList<>();
        for (Network n : networks) {
            for (int l = 0; l < n.parameters().sizes.length - 1; l++) {
                names.add(n.prefix() + ".weight" + l);
                names.add(n.prefix() + ".bias" + l);
            }
            for (String extra : n.parameters().extraNames) {
                names.add(n.prefix() + "." + extra);
            }
        }
        if (generatorAverage != null) {
            for (int l = 0; l < generator.sizes.length - 1; l++) {
                names.add("generator.average.weight" + l);
                names.add("generator.average.bias" + l);
            }
            for (String extra : generator.extraNames) {
                names.add("generator.average." + extra);
            }
        }
        for (Network n : networks) {
            for (int i = 0; i < n.parameters().tensorCount() * n.stateCount(); i++) {
                names.add(n.prefix() + ".optimiser." + i);
            }
        }
        if (anchor != null) {
            names.addAll(anchor.tensorNames());
        }
        names.addAll(selectionNames());
        return names;
    }

    /** The names of the quality selection's tensors ({@link #scores}, {@link #selected}); none before a score. */
    List<String> selectionNames() {
        List<String> names = new ArrayList<>();
        if (selected != null) {
            for (int l = 0; l < generator.sizes.length - 1; l++) {
                names.add(SELECTED + "weight" + l);
                names.add(SELECTED + "bias" + l);
            }
            for (String extra : generator.extraNames) {
                names.add(SELECTED + extra);
            }
        }
        if (!scores.isEmpty()) {
            names.add(SCORES);
        }
        return names;
    }

    static final String SELECTED = "generator.selected.";
    static final String SCORES = "quality.scores";

    /** The step of the best score (the first of equal ones), 0 before any score. */
    int selectedStep() {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (QualityPoint q : scores) {
            if (q.score() > top) {
                top = q.score();
                best = q.step();
            }
        }
        return best;
    }

    List<long[]> tensorShapes() {
        List<long[]> shapes = new ArrayList<>();
        for (Network n : networks) {
            for (int i = 0; i < n.parameters().tensorCount(); i++) {
                shapes.add(n.parameters().shape(i).getShape());
            }
        }
        if (generatorAverage != null) {
            for (int i = 0; i < generator.tensorCount(); i++) {
                shapes.add(generator.shape(i).getShape());
            }
        }
        for (Network n : networks) {
            for (int i = 0; i < n.parameters().tensorCount(); i++) {
                for (int s = 0; s < n.stateCount(); s++) {
                    shapes.add(n.parameters().shape(i).getShape());
                }
            }
        }
        if (anchor != null) {
            shapes.addAll(anchor.tensorShapes());
        }
        if (selected != null) {
            for (int i = 0; i < generator.tensorCount(); i++) {
                shapes.add(generator.shape(i).getShape());
            }
        }
        if (!scores.isEmpty()) {
            shapes.add(new long[] {scores.size(), 2});
        }
        return shapes;
    }

    List<float[]> tensorValues() {
        List<float[]> values = new ArrayList<>();
        for (Network n : networks) {
            values.addAll(n.parameters().split(n.parameters().flat));
        }
        if (generatorAverage != null) {
            values.addAll(generator.split(generatorAverage));
        }
        for (Network n : networks) {
            List<List<float[]>> perState = new ArrayList<>();
            for (NDArray s : n.optimiser().state) {
                perState.add(n.parameters().split(s));
            }
            for (int i = 0; i < n.parameters().tensorCount(); i++) {
                for (List<float[]> s : perState) {
                    values.add(s.get(i));
                }
            }
        }
        if (anchor != null) {
            values.addAll(anchor.tensorValues());
        }
        if (selected != null) {
            values.addAll(selected);
        }
        if (!scores.isEmpty()) {
            float[] v = new float[2 * scores.size()];
            for (int i = 0; i < scores.size(); i++) {
                v[2 * i] = scores.get(i).step();
                v[2 * i + 1] = (float) scores.get(i).score();
            }
            values.add(v);
        }
        return values;
    }

    /** Sets every tensor from {@code values} by name; the caller has checked the sizes ({@link #tensorShapes()}). */
    void restore(Function<String, float[]> values) {
        List<String> names = tensorNames();
        int at = 0;
        for (Network n : networks) {
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < n.parameters().tensorCount(); i++) {
                v.add(values.apply(names.get(at++)));
            }
            n.parameters().join(n.parameters().flat, v);
        }
        if (generatorAverage != null) {
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < generator.tensorCount(); i++) {
                v.add(values.apply(names.get(at++)));
            }
            generator.join(generatorAverage, v);
        }
        for (Network n : networks) {
            List<List<float[]>> perState = new ArrayList<>();
            for (int s = 0; s < n.stateCount(); s++) {
                perState.add(new ArrayList<>());
            }
            for (int i = 0; i < n.parameters().tensorCount(); i++) {
                for (int s = 0; s < n.stateCount(); s++) {
                    perState.get(s).add(values.apply(names.get(at++)));
                }
            }
            for (int s = 0; s < n.stateCount(); s++) {
                n.parameters().join(n.optimiser().state.get(s), perState.get(s));
            }
        }
    }

    /**
     * Sets the quality selection from a checkpoint's tensors ({@code has} tells which exist): the scores and the
     * selected generator; nothing when it holds none.
     */
    void restoreSelection(java.util.function.Predicate<String> has, Function<String, float[]> values) {
        scores.clear();
        selected = null;
        if (has.test(SCORES)) {
            float[] v = values.apply(SCORES);
            for (int i = 0; i + 1 < v.length; i += 2) {
                scores.add(new QualityPoint((int) v[i], v[i + 1]));
            }
        }
        if (has.test(SELECTED + "weight0")) {
            selected = new ArrayList<>();
            for (int l = 0; l < generator.sizes.length - 1; l++) {
                selected.add(values.apply(SELECTED + "weight" + l));
                selected.add(values.apply(SELECTED + "bias" + l));
            }
            for (String extra : generator.extraNames) {
                selected.add(values.apply(SELECTED + extra));
            }
        }
    }
}
