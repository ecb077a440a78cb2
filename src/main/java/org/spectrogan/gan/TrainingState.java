package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Everything that changes during training: networks, optimiser state, step and loss history. */
final class TrainingState {
    final Mlp generator;
    final Mlp critic;
    final Optimiser generatorOptimiser;
    final Optimiser criticOptimiser;
    int step;
    final List<double[]> history = new ArrayList<>();

    TrainingState(Mlp generator, Mlp critic, Optimiser generatorOptimiser, Optimiser criticOptimiser) {
        this.generator = generator;
        this.critic = critic;
        this.generatorOptimiser = generatorOptimiser;
        this.criticOptimiser = criticOptimiser;
    }

    /** Named tensors in checkpoint order. */
    List<String> tensorNames() {
        List<String> names = new ArrayList<>();
        addNetwork(names, "generator", generator);
        addNetwork(names, "critic", critic);
        addState(names, "generator", generatorOptimiser);
        addState(names, "critic", criticOptimiser);
        return names;
    }

    List<NDArray> tensors() {
        List<NDArray> t = new ArrayList<>(generator.parameters());
        t.addAll(critic.parameters());
        t.addAll(generatorOptimiser.state);
        t.addAll(criticOptimiser.state);
        return t;
    }

    private static void addNetwork(List<String> names, String prefix, Mlp m) {
        for (int l = 0; l < m.layers(); l++) {
            names.add(prefix + ".weight" + l);
            names.add(prefix + ".bias" + l);
        }
    }

    private static void addState(List<String> names, String prefix, Optimiser o) {
        for (int i = 0; i < o.state.size(); i++) {
            names.add(prefix + ".optimiser." + i);
        }
    }
}
