package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the auxiliary classifier off (weight 0, the default) training is bit for bit what it was before the term
 * existed: the SHA-256 of both networks' weights, the optimisers' state and the loss readouts after 20 steps equals
 * the value recorded on main at ff84b91 (before the term; PyTorch CPU, 1 thread, this project's machine), for the
 * concat critic, the projection critic, and the projection critic with an embedding generator, the weight average
 * and DiffAugment (every path the term touches).
 *
 * <p>The hashes depend on the CPU kernels' rounding: if this test fails on another machine, check out ff84b91 there,
 * run {@link #hash} and compare before suspecting the term.
 */
class AuxClassifierOffTest {

    static GanConfig variant(String name) {
        GanConfig base = GanTestData.small(GanConfig.Loss.WGAN_GP, 20, "PyTorch");
        return switch (name) {
            case "concat" -> base.toBuilder().optCritic(GanConfig.Critic.CONCAT).build();
            case "projection" -> base.toBuilder().optCritic(GanConfig.Critic.PROJECTION).optAuxClassifierWeight(0).build();
            case "projection-all" -> base.toBuilder().optCritic(GanConfig.Critic.PROJECTION).optAuxClassifierWeight(0)
                    .optGeneratorConditioning(GanConfig.GeneratorConditioning.EMBEDDING).optEmaDecay(0.9)
                    .optDiffAugment(new DiffAugment.Strength(0.1, 0.1, 0.2, 0, 0, 0)).build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** SHA-256 over the training state's tensors (checkpoint order) and the loss history of a 20-step run. */
    static String hash(GanConfig config) throws Exception {
        TrainingSet data = GanTestData.twoClasses(5);
        float[][] rows = Gan.normalisedRows(data.x(), org.spectrogan.common.ZScore.fit(data.x(),
                org.spectrogan.common.ZScore.ConstantColumns.PIN));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (WganTrainer trainer = new WganTrainer(Engines.get("PyTorch"), config, rows, data.classIndex(), 2)) {
            trainer.run(step -> true);
            for (float[] t : trainer.state.tensorValues()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.length);
                for (float f : t) {
                    b.putInt(Float.floatToRawIntBits(f));
                }
                md.update(b.array());
            }
            for (LossPoint p : trainer.state.history) {
                md.update(ByteBuffer.allocate(16).putInt(p.step()).putFloat((float) p.wassersteinEstimate())
                        .putFloat((float) p.criticLoss()).putFloat((float) p.gradientPenalty()).array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @ParameterizedTest
    @CsvSource({
        "concat,872c72d11a5d11e996d7a8de5c8faebfcf67b13511c26d921ca9859ed22c5878",
        "projection,f97ce13f0cad96a452bfe7ac4b01a4e778c771c877a5cd510dbfae07a4c7d625",
        "projection-all,024cebce7dcd1dc9467a251a606641a382a4f18f1d1356c1f87b3653ab46ae16"})
    void withTheTermOffTrainingIsBitIdenticalToBeforeTheTerm(String name, String recorded) throws Exception {
        String actual = hash(variant(name));
        assertEquals(recorded, actual, name);
    }
}
