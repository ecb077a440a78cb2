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
 * embedding follows its layers ({@code critic.embedding}); the generator's weight average, when on, follows the
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
            if (n.parameters().hasEmbedding()) {
                names.add(n.prefix() + ".embedding");
            }
        }
        if (generatorAverage != null) {
            for (int l = 0; l < generator.sizes.length - 1; l++) {
                names.add("generator.average.weight" + l);
                names.add("generator.average.bias" + l);
            }
            if (generator.hasEmbedding()) {
                names.add("generator.average.embedding");
            }
        }
        for (Network n : networks) {
            for (int i = 0; i < n.parameters().tensorCount() * n.stateCount(); i++) {
                names.add(n.prefix() + ".optimiser." + i);
            }
        }
        return names;
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
}
