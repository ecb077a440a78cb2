package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything that changes during training: both networks' flat parameters, optimiser state, step and loss
 * history. In checkpoints every tensor is stored by name: {@code generator.weight0}, {@code generator.bias0}, ...,
 * {@code critic.*}, then the optimiser state per tensor ({@code generator.optimiser.N} with N = tensor x
 * (state arrays) + state array: Adam's first and second moment, RMSProp's mean square).
 */
final class TrainingState {
    final Parameters generator;
    final Parameters critic;
    final Optimiser generatorOptimiser;
    final Optimiser criticOptimiser;
    int step;
    final List<double[]> history = new ArrayList<>();

    TrainingState(Parameters generator, Parameters critic, Optimiser generatorOptimiser, Optimiser criticOptimiser) {
        this.generator = generator;
        this.critic = critic;
        this.generatorOptimiser = generatorOptimiser;
        this.criticOptimiser = criticOptimiser;
    }

    /** The arrays that live across steps. */
    List<NDArray> arrays() {
        List<NDArray> a = new ArrayList<>(List.of(generator.flat, critic.flat));
        a.addAll(generatorOptimiser.state);
        a.addAll(criticOptimiser.state);
        return a;
    }

    /** Named tensors in checkpoint order. */
    List<String> tensorNames() {
        List<String> names = new ArrayList<>();
        addNetwork(names, "generator", generator);
        addNetwork(names, "critic", critic);
        addState(names, "generator", generator, generatorOptimiser);
        addState(names, "critic", critic, criticOptimiser);
        return names;
    }

    List<long[]> tensorShapes() {
        List<long[]> shapes = new ArrayList<>();
        for (Parameters p : List.of(generator, critic)) {
            for (int i = 0; i < p.tensorCount(); i++) {
                shapes.add(p.shape(i).getShape());
            }
        }
        for (Parameters p : List.of(generator, critic)) {
            Optimiser o = p == generator ? generatorOptimiser : criticOptimiser;
            for (int i = 0; i < p.tensorCount(); i++) {
                for (int s = 0; s < o.state.size(); s++) {
                    shapes.add(p.shape(i).getShape());
                }
            }
        }
        return shapes;
    }

    List<float[]> tensorValues() {
        List<float[]> values = new ArrayList<>(generator.split(generator.flat));
        values.addAll(critic.split(critic.flat));
        values.addAll(interleavedState(generator, generatorOptimiser));
        values.addAll(interleavedState(critic, criticOptimiser));
        return values;
    }

    /** Sets every tensor from {@code values} by name; the caller has checked the sizes ({@link #tensorShapes()}). */
    void restore(Function<String, float[]> values) {
        List<String> names = tensorNames();
        int at = 0;
        for (Parameters p : List.of(generator, critic)) {
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < p.tensorCount(); i++) {
                v.add(values.apply(names.get(at++)));
            }
            p.join(p.flat, v);
        }
        for (Parameters p : List.of(generator, critic)) {
            Optimiser o = p == generator ? generatorOptimiser : criticOptimiser;
            List<List<float[]>> perState = new ArrayList<>();
            for (int s = 0; s < o.state.size(); s++) {
                perState.add(new ArrayList<>());
            }
            for (int i = 0; i < p.tensorCount(); i++) {
                for (int s = 0; s < o.state.size(); s++) {
                    perState.get(s).add(values.apply(names.get(at++)));
                }
            }
            for (int s = 0; s < o.state.size(); s++) {
                p.join(o.state.get(s), perState.get(s));
            }
        }
    }

    private static List<float[]> interleavedState(Parameters p, Optimiser o) {
        List<List<float[]>> perState = new ArrayList<>();
        for (NDArray s : o.state) {
            perState.add(p.split(s));
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < p.tensorCount(); i++) {
            for (List<float[]> s : perState) {
                out.add(s.get(i));
            }
        }
        return out;
    }

    private static void addNetwork(List<String> names, String prefix, Parameters p) {
        for (int l = 0; l < p.sizes.length - 1; l++) {
            names.add(prefix + ".weight" + l);
            names.add(prefix + ".bias" + l);
        }
    }

    private static void addState(List<String> names, String prefix, Parameters p, Optimiser o) {
        int n = p.tensorCount() * o.state.size();
        for (int i = 0; i < n; i++) {
            names.add(prefix + ".optimiser." + i);
        }
    }
}
