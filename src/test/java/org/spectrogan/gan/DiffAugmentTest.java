package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DiffAugment}: the transform is affine with exactly the stated parts (checked against per-row references
 * written here), its adjoint is its transpose ({@code <A x, y> = <x, A^T y>} for random x, y), the noise has the
 * stated size, mixup partners share class and block, and the patch layout is read from the feature names.
 */
class DiffAugmentTest {
    static final DiffAugment.PatchShape PATCH = new DiffAugment.PatchShape(3, 5);

    static List<Arguments> strengths() {
        return List.of(
                Arguments.of(new DiffAugment.Strength(0.1, 0, 0, 0, 0, 0), null),
                Arguments.of(new DiffAugment.Strength(0, 0.2, 0, 0, 0, 0), null),
                Arguments.of(new DiffAugment.Strength(0, 0, 0.4, 0, 0, 0), null),
                Arguments.of(new DiffAugment.Strength(0.1, 0.2, 0.3, 0, 0, 0), null),
                Arguments.of(new DiffAugment.Strength(0, 0, 0, 0.4, 0, 0), PATCH),
                Arguments.of(new DiffAugment.Strength(0, 0, 0, 0, 0.4, 0), PATCH),
                Arguments.of(new DiffAugment.Strength(0, 0, 0, 0, 0, 0.34), PATCH),
                Arguments.of(new DiffAugment.Strength(0.05, 0.1, 0.2, 0.4, 0.2, 0.34), PATCH));
    }

    static int[] classes(int n, int k) {
        int[] c = new int[n];
        for (int r = 0; r < n; r++) {
            c[r] = (r * 7 + r / 3) % k;
        }
        return c;
    }

    static double[] gaussians(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("strengths")
    void theAdjointIsTheTransposeOfTheLinearPart(DiffAugment.Strength s, DiffAugment.PatchShape shape) {
        int d = shape == null ? 6 : 15;
        int n = 24;
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            DiffAugment.Draw t = DiffAugment.draw(s, shape, d, classes(n, 3), 8, new SplittableRandom(trial));
            double[] x = gaussians(rng, n * d);
            double[] y = gaussians(rng, n * d);
            double lhs = dot(t.linear(x), y);
            double rhs = dot(x, t.adjoint(y));
            assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "<A x, y> vs <x, A^T y>");
            // affine: forward(x) = A x + forward(0), and A is linear
            double[] zero = t.forward(new double[n * d]);
            double[] fx = t.forward(x);
            double[] ax = t.linear(x);
            double[] x2 = x.clone();
            for (int i = 0; i < x2.length; i++) {
                x2[i] *= 3;
            }
            double[] ax2 = t.linear(x2);
            for (int i = 0; i < fx.length; i++) {
                assertEquals(ax[i] + zero[i], fx[i], 1e-12);
                assertEquals(3 * ax[i], ax2[i], 1e-12);
            }
        }
    }

    @Test
    void featureRowsGetExactlyMixupThenScaleThenNoise() {
        DiffAugment.Strength s = new DiffAugment.Strength(0.1, 0.2, 0.3, 0, 0, 0);
        int n = 16;
        int d = 4;
        int[] cls = classes(n, 3);
        DiffAugment.Draw t = DiffAugment.draw(s, null, d, cls, 8, new SplittableRandom(5));
        double[] x = gaussians(new SplittableRandom(6), n * d);
        double[] y = t.forward(x);
        for (int r = 0; r < n; r++) {
            int p = t.partner[r];
            assertEquals(cls[r], cls[p], "a partner of the row's class");
            assertEquals(r / 8, p / 8, "a partner in the row's block");
            assertTrue(t.mix[r] >= 0 && t.mix[r] <= 0.3, "mix weight " + t.mix[r]);
            assertTrue(Math.abs(t.scale[r] - 1) <= 0.2, "scale " + t.scale[r]);
            for (int j = 0; j < d; j++) {
                double expected = t.scale[r] * ((1 - t.mix[r]) * x[r * d + j] + t.mix[r] * x[p * d + j])
                        + t.noise[r * d + j];
                assertEquals(expected, y[r * d + j], 1e-12);
            }
        }
    }

    @Test
    void patchesAreRolledInTimeThenMaskedInTimeAndFrequency() {
        DiffAugment.Strength s = new DiffAugment.Strength(0, 0, 0, 0.4, 0.4, 0.34);
        int n = 40;
        int d = PATCH.coefficients() * PATCH.frames();
        DiffAugment.Draw t = DiffAugment.draw(s, PATCH, d, new int[n], n, new SplittableRandom(9));
        double[] x = gaussians(new SplittableRandom(10), n * d);
        double[] y = t.forward(x);
        boolean sawShift = false;
        for (int r = 0; r < n; r++) {
            assertTrue(Math.abs(t.shift[r]) <= 2, "shift " + t.shift[r]);
            sawShift |= t.shift[r] != 0;
            int zeros = 0;
            for (int c = 0; c < 3; c++) {
                for (int f = 0; f < 5; f++) {
                    boolean masked = (f >= t.timeMaskStart[r] && f < t.timeMaskStart[r] + 2)
                            || c == t.frequencyMaskStart[r];
                    double rolled = x[r * d + c * 5 + Math.floorMod(f - t.shift[r], 5)];
                    assertEquals(masked ? 0 : rolled, y[r * d + c * 5 + f], 0.0, "row " + r + " c " + c + " t " + f);
                    zeros += masked ? 1 : 0;
                }
            }
            assertEquals(2 * 3 + 5 - 2, zeros, "2 frames and 1 of 3 coefficients masked");
        }
        assertTrue(sawShift, "some rows shifted");
    }

    @Test
    void theNoiseHasTheStatedStandardDeviationAndTheStreamDependsOnSeedAndStepOnly() {
        DiffAugment.Strength s = new DiffAugment.Strength(0.25, 0, 0, 0, 0, 0);
        DiffAugment.Draw t = DiffAugment.draw(s, null, 50, new int[400], 400, DiffAugment.random(7, 3, 0));
        double ss = 0;
        for (double v : t.noise) {
            ss += v * v;
        }
        double sd = Math.sqrt(ss / t.noise.length);
        assertEquals(0.25, sd, 0.25 * 4 / Math.sqrt(2 * t.noise.length), "noise sd");
        DiffAugment.Draw again = DiffAugment.draw(s, null, 50, new int[400], 400, DiffAugment.random(7, 3, 0));
        assertArrayEquals(t.noise, again.noise, 0.0);
        DiffAugment.Draw other = DiffAugment.draw(s, null, 50, new int[400], 400, DiffAugment.random(7, 4, 0));
        assertTrue(t.noise[0] != other.noise[0], "another step draws another transform");
    }

    @Test
    void thePatchLayoutIsReadFromTheFeatureNames() {
        List<String> names = new ArrayList<>();
        for (String c : List.of("logmel_0", "logmel_1", "logmel_2")) {
            for (int f = 0; f < 4; f++) {
                names.add(c + "_t" + f);
            }
        }
        assertEquals(new DiffAugment.PatchShape(3, 4), DiffAugment.patchShape(names));
        assertNull(DiffAugment.patchShape(List.of("Fp1_alpha_de", "Fp1_beta_de")));
        assertNull(DiffAugment.patchShape(List.of("mfcc_0", "mfcc_1")), "single frames are not patches");
        List<String> broken = new ArrayList<>(names);
        broken.set(5, "logmel_2_t1");
        assertNull(DiffAugment.patchShape(broken), "a coefficient whose frames are interleaved with another's");
    }

    @Test
    void badStrengthsAndPatchTransformsOnOtherFeaturesAreRefused() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> new DiffAugment.Strength(-0.1, 0, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("noise") && e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DiffAugment.Strength(0, 0, 0.7, 0, 0, 0));
        assertTrue(e.getMessage().contains("mixup") && e.getMessage().contains("0.7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffAugment.checkApplicable(
                new DiffAugment.Strength(0, 0, 0, 0.2, 0, 0), null));
        assertTrue(e.getMessage().contains("patch"), e.getMessage());
        e = assertThrows(org.spectrogan.common.SpectroganException.class, () -> Gan.train(GanTestData.twoClasses(1),
                GanTestData.small(GanConfig.Loss.WGAN_GP, 2, "PyTorch").toBuilder()
                        .optDiffAugment(new DiffAugment.Strength(0, 0, 0, 0, 0.5, 0)).build(),
                java.nio.file.Path.of("target", "never-written"), false, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("timeMask 0.5"), e.getMessage());
    }
}
