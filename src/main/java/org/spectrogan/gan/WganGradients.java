package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradients of the WGAN losses with respect to every weight and bias, written out by hand as plain array
 * operations: no autograd tape, no double backward. For an MLP with LeakyReLU this is exact (LeakyReLU's second
 * derivative is zero almost everywhere, so its masks are constants of the penalty; see
 * ../shared/notes/gradient-penalty.md), and it does fewer and larger matrix products than autograd would:
 *
 * <ul>
 *   <li>real, fake and interpolated rows go through the critic as one 3B-row batch; the interpolates' first
 *       layer is {@code z_fake + epsilon (z_real - z_fake)} (the first layer is affine and the rows share their
 *       class), so the interpolated inputs are never formed;</li>
 *   <li>the adversarial backward of the real and fake rows and the critic's input-gradient at the interpolates
 *       share one chain of products, because both start from {@code lrelu'(z) * w_out} row by row (scaled by
 *       -1/B, +1/B for the real and fake rows, by 1 for the interpolates);</li>
 *   <li>the penalty's gradient at the top hidden layer needs no product through that layer's weights:
 *       with {@code Q = M^T Y}, {@code dW_top = w_out^T * Q} and {@code dw_out = rowsum(W_top * Q)}.</li>
 * </ul>
 *
 * <p>Notation: {@code W[l]} is out x in, a layer is {@code z = a W^T + b}; the penalty is
 * {@code lambda mean_b (||g_b|| - 1)^2} with {@code g_b} the critic's gradient with respect to the feature
 * columns of its input at interpolate b (the condition's columns excluded).
 */
final class WganGradients {
    private WganGradients() {
    }

    /**
     * Row selections of one critic batch: real rows {@code [0, B)}, fake {@code [B, 2B)}, interpolates
     * {@code [2B, 3B)}, and the penalty's constants as arrays. Built once (NDIndex parsing is not free, and an
     * operation with a Java number creates a new array for the number on every call).
     */
    static final class CriticBatch {
        /** {@code 2 lambda / B}, the penalty gradient's scale. */
        final NDArray penaltyScale;
        /** A floor for gradient norms (an all-zero input-gradient has a zero penalty gradient, not NaN). */
        final NDArray tiny;
        final NDArray one;
        final NDIndex adversarial;
        final NDIndex interpolates;
        /** The real rows {@code [0, B)} (the interpolates share their classes). */
        final NDIndex realRows;
        /** Split points: real | fake of a 2B-row array, adversarial | interpolates of a 3B-row array. */
        final long[] realFakeSplit;
        final long[] adversarialSplit;

        CriticBatch(NDManager manager, int batch, double lambda, DataType dataType) {
            this.penaltyScale = manager.create(new double[] {2 * lambda / batch}).toType(dataType, false);
            this.tiny = manager.create(new double[] {1e-30}).toType(dataType, false);
            this.one = manager.create(new double[] {1}).toType(dataType, false);
            this.adversarial = new NDIndex().addSliceDim(0, 2L * batch);
            this.interpolates = new NDIndex().addSliceDim(2L * batch, 3L * batch);
            this.realRows = new NDIndex().addSliceDim(0, batch);
            this.realFakeSplit = new long[] {batch};
            this.adversarialSplit = new long[] {2L * batch};
        }
    }

    /**
     * The auxiliary classifier (AC-GAN, Odena et al. 2017) on the critic's top hidden features {@code h_L = phi(x)}:
     * {@code logits = h_L W_a^T + b_a} ({@code weight} W_a is k x h_L, {@code bias} b_a is k) and the cross-entropy
     * {@code CE = -mean_b log softmax(logits_b)[y_b]}, weighted by {@code auxWeight}; {@code scale} is the 1-element
     * array {@code auxWeight / B} (made once: an operation with a Java number makes a new array every call).
     *
     * <p>The critic's loss adds {@code auxWeight CE} over its REAL rows only (not the fake ones: "real rows only in
     * the critic" is the more stable variant for WGAN-GP, since a head that must also classify the generator's early,
     * meaningless rows fights the Wasserstein estimate; docs/notes/h12h.md); the generator's loss adds
     * {@code auxWeight CE} of its rows against the classes they were generated for. With {@code P = (softmax(logits)
     * - C) auxWeight / B}: {@code dW_a = P^T h_L}, {@code db_a = colsum P}, and {@code dL/dh_L = P W_a} joins the
     * chain at the top hidden layer ({@code dz_L += lrelu'(z_L) . P W_a}), from where the layers below take it like the
     * adversarial part. The gradient penalty is unaffected: it is the penalty of the critic's scalar output
     * {@code f}'s input-gradient, and the head is not part of f (its weights get no penalty gradient, nor does the
     * penalty see the head's input-gradient).
     */
    record AuxHead(NDArray weight, NDArray bias, NDArray scale) {
        /** {@code dLoss/dlogits} = (softmax(logits) - classes) auxWeight / B, B x k. */
        NDArray logitGradient(NDArray logits, NDArray classes) {
            return logits.softmax(1).subi(classes).muli(scale);
        }

        /** {@code auxWeight CE} (1 x 1) for {@code logits} of rows of the one-hot {@code classes}. */
        NDArray weightedCrossEntropy(NDArray logits, NDArray classes) {
            return logits.logSoftmax(1).muli(classes).sum(new int[] {0, 1}, true).muli(scale).neg();
        }
    }

    /** Gradients in {@link Mlp#parameters()} order, and the readouts of the loss (each 1 x 1). */
    record Result(List<NDArray> gradients, NDArray loss, NDArray wasserstein, NDArray penalty) {
    }

    /**
     * The critic loss {@code mean f(fake) - mean f(real) [+ lambda * penalty]} and its gradient.
     *
     * @param input       the critic's input {@code [real; fake]} (2B rows), each row features then one-hot class
     * @param epsilon     B x 1 interpolation weights ({@code x_hat = fake + epsilon (real - fake)}); unused
     *                    without a penalty
     * @param rowScale    3B x 1 (2B x 1 without a penalty): -1/B for real rows, +1/B for fake rows, 1 for
     *                    interpolates
     * @param adversarialRow 1 x 2B: -1/B for real rows, +1/B for fake rows
     * @param featureMask 1 x (d + k): 1 on the feature columns, 0 on the condition's
     * @param lambda      penalty weight; 0 for the clipped WGAN
     * @param readouts    whether to compute the loss, Wasserstein estimate and penalty values (else null)
     */
    static Result critic(Mlp critic, NDArray input, NDArray epsilon, NDArray rowScale, NDArray adversarialRow,
                         NDArray featureMask, CriticBatch rows, double lambda, boolean readouts) {
        return critic(critic, null, null, input, epsilon, rowScale, adversarialRow, featureMask, rows, lambda, readouts);
    }

    /**
     * As above; with a class {@code embedding} E (k x h_L) the critic is the projection critic
     * {@code f(x, y) = (w + E[y]) . h_L(x) + b} (Miyato and Koyama 2018), its {@code input} holds the features
     * only and {@code condition} the one-hot classes of the real and fake rows (2B x k). The top layer's weights
     * become per row, {@code v = w + C E}; so
     * <ul>
     *   <li>adversarial part: {@code dL/dw = s^T h_L}, {@code dL/dE = (C . s)^T h_L}, and the chain starts from
     *       {@code lrelu'(z_L) . v} row by row (the interpolates take their real row's class);</li>
     *   <li>penalty: the input-gradient {@code g = S_0 W_0} with {@code S_L = lrelu'(z_L) . v} depends on E
     *       through v; going back through the chain one layer further than the concat critic needs gives
     *       {@code R = dP/dv = lrelu'(z_L) . (Y W_L^T)} (B x h), then {@code dP/dw = colsum R},
     *       {@code dP/dE = C_hat^T R}, and {@code dP/dW_L = S_L^T Y} as for the lower layers.</li>
     * </ul>
     * The gradients are in {@link Mlp#parameters()} order followed by E's.
     */
    static Result critic(Mlp critic, NDArray embedding, NDArray condition, NDArray input, NDArray epsilon,
                         NDArray rowScale, NDArray adversarialRow, NDArray featureMask, CriticBatch rows,
                         double lambda, boolean readouts) {
        return critic(critic, embedding, condition, input, epsilon, rowScale, adversarialRow, featureMask, rows, lambda,
                readouts, null);
    }

    /**
     * As above with the auxiliary classifier {@code aux} (null: none; see {@link AuxHead}) on the real rows, whose
     * classes are the first B rows of {@code condition} (the projection critic's). The loss readout includes
     * {@code auxWeight CE}; the gradients end with {@code dW_a, db_a} after E's.
     */
    static Result critic(Mlp critic, NDArray embedding, NDArray condition, NDArray input, NDArray epsilon,
                         NDArray rowScale, NDArray adversarialRow, NDArray featureMask, CriticBatch rows,
                         double lambda, boolean readouts, AuxHead aux) {
        boolean projection = embedding != null;
        boolean penalised = lambda > 0;
        int layers = critic.layers();
        int top = layers - 2;
        NDArray[] w = critic.weights;
        NDArray[] activations = new NDArray[top + 1];
        NDArray[] masks = new NDArray[top + 1];
        NDArray h = input;
        for (int l = 0; l <= top; l++) {
            NDArray z = Mlp.linear(h, w[l], critic.biases[l]);
            if (l == 0 && penalised) {
                NDList realFake = z.split(rows.realFakeSplit, 0); // two views, one call
                NDArray zFake = realFake.get(1);
                z = NDArrays.concat(new NDList(z, realFake.get(0).sub(zFake).muli(epsilon).addi(zFake)), 0);
            }
            masks[l] = Mlp.leakyReluDerivative(z);
            h = Mlp.leakyRelu(z);
            activations[l] = h;
        }
        // the adversarial rows of every activation and the interpolates' rows of every mask, as views: one split
        // call each (a get of a row range is four calls)
        NDArray[] adversarialActivations = penalised ? new NDArray[top + 1] : activations;
        NDArray[] interpolateMasks = new NDArray[top + 1];
        if (penalised) {
            for (int l = 0; l <= top; l++) {
                adversarialActivations[l] = activations[l].split(rows.adversarialSplit, 0).get(0);
                interpolateMasks[l] = masks[l].split(rows.adversarialSplit, 0).get(1);
            }
        }
        NDArray topActivation = adversarialActivations[top];
        // the top layer's weights: w broadcast (concat critic), w + C E per row (projection)
        NDArray allCondition = !projection ? null : penalised
                ? NDArrays.concat(new NDList(condition, condition.get(rows.realRows)), 0) : condition;
        NDArray v = projection ? allCondition.matMul(embedding).addi(w[layers - 1]) : w[layers - 1];
        NDArray adversarial = null;
        if (readouts) {
            NDArray scores = projection
                    ? topActivation.mul(penalised ? v.get(rows.adversarial) : v).sum(new int[] {1}, true)
                            .addi(critic.biases[layers - 1])
                    : Mlp.linear(topActivation, w[layers - 1], critic.biases[layers - 1]);
            adversarial = adversarialRow.matMul(scores);
        }

        // One chain for every row: d[l] = dLoss/dz_l on real and fake rows, S_l of the input-gradient on interpolates.
        NDArray[] d = new NDArray[top + 1];
        d[top] = masks[top].mul(v).muli(rowScale);
        NDArray gAuxWeight = null;
        NDArray gAuxBias = null;
        NDArray auxLoss = null;
        if (aux != null) { // the class head on the real rows: P = dCE/dlogits, then d[top] += lrelu'(z_L) . P W_a there
            NDArray realTop = topActivation.split(rows.realFakeSplit, 0).get(0);
            NDArray realClasses = condition.split(rows.realFakeSplit, 0).get(0);
            NDArray logits = Mlp.linear(realTop, aux.weight(), aux.bias());
            NDArray p = aux.logitGradient(logits, realClasses);
            gAuxWeight = p.transpose().matMul(realTop);
            gAuxBias = p.sum(new int[] {0});
            NDList parts = d[top].split(rows.realFakeSplit, 0);
            NDArray realMask = masks[top].split(rows.realFakeSplit, 0).get(0);
            d[top] = NDArrays.concat(new NDList(p.matMul(aux.weight()).muli(realMask).addi(parts.get(0)), parts.get(1)), 0);
            if (readouts) {
                auxLoss = aux.weightedCrossEntropy(logits, realClasses);
            }
        }
        for (int l = top; l >= 1; l--) {
            d[l - 1] = d[l].matMul(w[l]).muli(masks[l - 1]);
        }
        NDArray[] gw = new NDArray[layers];
        NDArray[] gb = new NDArray[layers];
        gw[layers - 1] = adversarialRow.matMul(topActivation);
        gb[layers - 1] = adversarialRow.sum(new int[] {1});
        NDArray gE = projection // (C . s)^T h_L over the real and fake rows
                ? condition.mul(adversarialRow.transpose()).transpose().matMul(topActivation) : null;
        NDArray[] dAdversarial = new NDArray[top + 1];
        NDArray[] dInterpolates = new NDArray[top + 1];
        for (int l = 0; l <= top; l++) {
            if (penalised) {
                NDList parts = d[l].split(rows.adversarialSplit, 0); // two views, one call
                dAdversarial[l] = parts.get(0);
                dInterpolates[l] = parts.get(1);
            } else {
                dAdversarial[l] = d[l];
            }
            gb[l] = dAdversarial[l].sum(new int[] {0});
        }
        if (!penalised) {
            for (int l = 0; l <= top; l++) {
                gw[l] = dAdversarial[l].transpose().matMul(l == 0 ? input : activations[l - 1]);
            }
            List<NDArray> grads = withAux(withEmbedding(gw, gb, gE), gAuxWeight, gAuxBias);
            return readouts ? new Result(grads, withAuxLoss(adversarial, auxLoss), adversarial.neg(), adversarial.zerosLike())
                    : new Result(grads, null, null, null);
        }

        // The penalty: g = S_0 W_0 on the feature columns, dLoss/dg = 2 lambda / B (||g|| - 1) / ||g|| g.
        NDArray g = dInterpolates[0].matMul(w[0]).muli(featureMask);
        NDArray norms = g.norm(new int[] {1}, true);
        // the constants are never the first operand: a result belongs to its first operand's manager
        NDArray excess = norms.sub(rows.one);
        // B x 1 factors first, then one pass over g, which becomes y in place
        NDArray y = g.muli(excess.mul(rows.penaltyScale).divi(norms.maximum(rows.tiny)));
        // Back through the input-gradient chain; y is dLoss/dS_l W_l (B x in_l) at layer l.
        if (projection) {
            for (int l = 0; l <= top; l++) {
                NDArray inputs = NDArrays.concat(new NDList(l == 0 ? input : adversarialActivations[l - 1], y), 0);
                gw[l] = d[l].transpose().matMul(inputs);
                y = y.matMul(w[l].transpose()).muli(interpolateMasks[l]);
            }
            // y is now R = dP/dv (B x h) on the interpolates
            gw[layers - 1] = gw[layers - 1].addi(y.sum(new int[] {0}, true));
            gE = gE.addi(allCondition.get(rows.interpolates).transpose().matMul(y));
            List<NDArray> grads = withAux(withEmbedding(gw, gb, gE), gAuxWeight, gAuxBias);
            if (!readouts) {
                return new Result(grads, null, null, null);
            }
            NDArray penalty = excess.square().mean().reshape(1, 1);
            return new Result(grads, withAuxLoss(adversarial.add(penalty.mul(lambda)), auxLoss), adversarial.neg(), penalty);
        }
        for (int l = 0; l < top; l++) {
            NDArray inputs = NDArrays.concat(new NDList(l == 0 ? input : adversarialActivations[l - 1], y), 0);
            gw[l] = d[l].transpose().matMul(inputs); // adversarial rows and the penalty in one product
            y = y.matMul(w[l].transpose()).muli(interpolateMasks[l]);
        }
        NDArray q = interpolateMasks[top].transpose().matMul(y);
        NDArray topInput = top == 0 ? input : adversarialActivations[top - 1];
        gw[layers - 1] = gw[layers - 1].addi(w[top].mul(q).sum(new int[] {1})); // 1 x h += h (broadcast)
        gw[top] = dAdversarial[top].transpose().matMul(topInput).addi(q.muli(w[layers - 1].transpose()));
        List<NDArray> grads = withAux(interleave(gw, gb), gAuxWeight, gAuxBias);
        if (!readouts) {
            return new Result(grads, null, null, null);
        }
        NDArray penalty = excess.square().mean().reshape(1, 1);
        return new Result(grads, withAuxLoss(adversarial.add(penalty.mul(lambda)), auxLoss), adversarial.neg(), penalty);
    }

    /**
     * The generator's gradient of {@code -mean f(G(z))}.
     *
     * @param generator    the generator
     * @param noise        B x (latent + k) generator input (noise then one-hot class)
     * @param activations  the generator's hidden activations at {@code noise} (one per hidden layer)
     * @param masks        their LeakyReLU derivatives
     * @param criticInput  B x (d + k): the generated rows joined with their one-hot classes
     * @param meanRow      1 x B, every entry -1/B
     */
    static List<NDArray> generator(Mlp generator, NDArray noise, NDArray[] activations, NDArray[] masks, Mlp critic,
                                   NDArray criticInput, NDArray meanRow, NDIndex featureColumns) {
        return generator(generator, noise, activations, masks, critic, null, null, criticInput, meanRow, featureColumns,
                null, null);
    }

    /**
     * As above against a projection critic with class embedding {@code embedding} (null: the concat critic):
     * {@code criticInput} is then the generated rows alone and {@code condition} their one-hot classes (B x k); the
     * chain starts from {@code lrelu'(z_L) . (w + C E)} row by row.
     *
     * <p>With a generator class embedding E_g (k x e; {@code generatorClasses} the rows' one-hot classes, B x k),
     * {@code noise} is the generator's input {@code [n, C E_g]}; as it enters the first layer only,
     * {@code dL/dE_g = C^T (dz_0 W_0)[:, embeddingColumns]}, appended after the layers' gradients.
     */
    static List<NDArray> generator(Mlp generator, NDArray noise, NDArray[] activations, NDArray[] masks, Mlp critic,
                                   NDArray embedding, NDArray condition, NDArray criticInput, NDArray meanRow,
                                   NDIndex featureColumns, NDArray generatorClasses, NDIndex embeddingColumns) {
        return generator(generator, noise, activations, masks, critic, embedding, condition, criticInput, meanRow,
                featureColumns, generatorClasses, embeddingColumns, null);
    }

    /**
     * As above when the critic sees the generated rows through a transform {@code y = A G(z) + n}
     * ({@link DiffAugment}): {@code criticInput} holds the transformed rows and {@code inputAdjoint} maps the
     * loss's gradient with respect to them to the gradient with respect to the generated rows ({@code A^T});
     * null for no transform.
     */
    static List<NDArray> generator(Mlp generator, NDArray noise, NDArray[] activations, NDArray[] masks, Mlp critic,
                                   NDArray embedding, NDArray condition, NDArray criticInput, NDArray meanRow,
                                   NDIndex featureColumns, NDArray generatorClasses, NDIndex embeddingColumns,
                                   java.util.function.UnaryOperator<NDArray> inputAdjoint) {
        return generator(generator, noise, activations, masks, critic, embedding, condition, criticInput, meanRow,
                featureColumns, generatorClasses, embeddingColumns, inputAdjoint, null, null);
    }

    /**
     * As above with the auxiliary classifier {@code aux} (null: none; {@link AuxHead}): the loss is
     * {@code -mean f + auxWeight CE}, the cross-entropy of the critic's class head on the generated (transformed)
     * rows against {@code auxClasses}, their one-hot classes (B x k); its part {@code lrelu'(z_L) . P W_a} joins the
     * chain at the critic's top hidden layer.
     */
    static List<NDArray> generator(Mlp generator, NDArray noise, NDArray[] activations, NDArray[] masks, Mlp critic,
                                   NDArray embedding, NDArray condition, NDArray criticInput, NDArray meanRow,
                                   NDIndex featureColumns, NDArray generatorClasses, NDIndex embeddingColumns,
                                   java.util.function.UnaryOperator<NDArray> inputAdjoint, AuxHead aux,
                                   NDArray auxClasses) {
        int cl = critic.layers();
        NDArray h = criticInput;
        NDArray[] criticMasks = new NDArray[cl - 1];
        for (int l = 0; l < cl - 1; l++) {
            NDArray z = Mlp.linear(h, critic.weights[l], critic.biases[l]);
            criticMasks[l] = Mlp.leakyReluDerivative(z);
            if (l < cl - 2 || aux != null) {
                h = Mlp.leakyRelu(z);
            }
        }
        NDArray v = embedding == null ? critic.weights[cl - 1] : condition.matMul(embedding).addi(critic.weights[cl - 1]);
        NDArray dz = criticMasks[cl - 2].mul(v).muli(meanRow.transpose());
        if (aux != null) { // h is the top hidden layer h_L here
            NDArray p = aux.logitGradient(Mlp.linear(h, aux.weight(), aux.bias()), auxClasses);
            dz = dz.addi(p.matMul(aux.weight()).muli(criticMasks[cl - 2]));
        }
        for (int l = cl - 2; l >= 1; l--) {
            dz = dz.matMul(critic.weights[l]).muli(criticMasks[l - 1]);
        }
        NDArray dOut = dz.matMul(critic.weights[0]).get(featureColumns);
        if (inputAdjoint != null) {
            dOut = inputAdjoint.apply(dOut);
        }
        int gl = generator.layers();
        NDArray[] gw = new NDArray[gl];
        NDArray[] gb = new NDArray[gl];
        dz = dOut;
        for (int l = gl - 1; l >= 0; l--) {
            gw[l] = dz.transpose().matMul(l == 0 ? noise : activations[l - 1]);
            gb[l] = dz.sum(new int[] {0});
            if (l > 0) {
                dz = dz.matMul(generator.weights[l]).muli(masks[l - 1]);
            }
        }
        NDArray gE = generatorClasses == null ? null
                : generatorClasses.transpose().matMul(dz.matMul(generator.weights[0]).get(embeddingColumns));
        return withEmbedding(gw, gb, gE);
    }

    private static List<NDArray> withAux(List<NDArray> gradients, NDArray weight, NDArray bias) {
        if (weight != null) {
            gradients.add(weight);
            gradients.add(bias);
        }
        return gradients;
    }

    private static NDArray withAuxLoss(NDArray loss, NDArray auxLoss) {
        return auxLoss == null ? loss : loss.add(auxLoss);
    }

    private static List<NDArray> withEmbedding(NDArray[] weights, NDArray[] biases, NDArray embedding) {
        List<NDArray> out = interleave(weights, biases);
        if (embedding != null) {
            out.add(embedding);
        }
        return out;
    }

    private static List<NDArray> interleave(NDArray[] weights, NDArray[] biases) {
        List<NDArray> out = new ArrayList<>(2 * weights.length);
        for (int l = 0; l < weights.length; l++) {
            out.add(weights[l]);
            out.add(biases[l]);
        }
        return out;
    }
}
