package org.spectrogan.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020): the same kind of random transform applied to the
 * real and the fake rows before the critic, in the critic's updates and in the generator's, so that with a few
 * hundred rows the critic cannot memorise the real ones. Rows are the GAN's normalised rows (z units of the
 * training rows). Per row, in this order:
 *
 * <ol>
 *   <li>within-class mixup: {@code x' = (1 - l) x + l x_p}, {@code l ~ U(0, mixup)}, {@code p} a row of the same
 *       class in the same block (the real rows, or the fake rows, of one critic update);</li>
 *   <li>scale jitter: {@code x' = s x}, {@code s ~ U(1 - scale, 1 + scale)};</li>
 *   <li>spectrogram patches only ({@link PatchShape}): a circular time shift by up to
 *       {@code round(timeShift T)} frames either way, then a block of {@code round(timeMask T)} frames and a
 *       block of {@code round(frequencyMask C)} coefficients set to 0 (the column mean in z units);</li>
 *   <li>additive noise {@code N(0, noise^2)} per value.</li>
 * </ol>
 *
 * The transform is affine, {@code y = A x + n}; the generator's gradient goes back through it as
 * {@code A^T} ({@link Draw#adjoint}): the mask again, the inverse shift, the scale, and the mixing matrix's
 * transpose (identity for the noise). The random numbers come from (seed, step, iteration) alone, like every
 * other draw of training, so a resumed run draws the same transforms.
 */
public final class DiffAugment {
    /** Mixed into the seed so that the transforms' stream is independent of the rows' and noise's. */
    private static final long SALT = 0x44696666417567L; // "DiffAug"
    private static final Pattern FRAME = Pattern.compile("(.+)_t(\\d+)");

    private DiffAugment() {
    }

    /**
     * Strength of each transform ({@link GanConfig#diffAugment()}): {@code noise} a standard deviation in z units;
     * {@code scale} the largest relative change of a row's scale; {@code mixup} the largest weight of the partner
     * row, in [0, 0.5]; {@code timeShift}, {@code timeMask}, {@code frequencyMask} fractions of the patch's frames
     * or coefficients, in [0, 1] (patches only). All 0 is off.
     */
    public record Strength(double noise, double scale, double mixup, double timeShift, double timeMask,
                           double frequencyMask) {
        /** No augmentation (the default). */
        public static final Strength OFF = new Strength(0, 0, 0, 0, 0, 0);

        public Strength {
            check("noise", noise, Double.MAX_VALUE, "z units");
            check("scale", scale, 1, "relative scale change");
            check("mixup", mixup, 0.5, "partner weight");
            check("timeShift", timeShift, 1, "fraction of the patch's frames");
            check("timeMask", timeMask, 1, "fraction of the patch's frames");
            check("frequencyMask", frequencyMask, 1, "fraction of the patch's coefficients");
        }

        private static void check(String key, double v, double max, String unit) {
            if (!(v >= 0 && v <= max && Double.isFinite(v))) {
                throw new IllegalArgumentException("diffAugment." + key + " must be in [0, "
                        + (max == Double.MAX_VALUE ? "inf)" : max + "]") + " (" + unit + "), got " + v);
            }
        }

        /** Whether any transform is on. */
        public boolean isOn() {
            return noise > 0 || scale > 0 || mixup > 0 || onPatches();
        }

        /** Whether a transform that needs the patch's shape is on. */
        boolean onPatches() {
            return timeShift > 0 || timeMask > 0 || frequencyMask > 0;
        }
    }

    /** A spectrogram patch's layout: column {@code c * frames + t} holds coefficient c at frame t. */
    record PatchShape(int coefficients, int frames) {
    }

    /**
     * The patch layout of {@code featureNames} when they are {@code <coefficient>_t<frame>} with frames 0..T-1
     * under each coefficient (as the features package names spectrogram patches, T > 1), else null.
     */
    static PatchShape patchShape(List<String> featureNames) {
        int n = featureNames.size();
        int frames = 0;
        while (frames < n) {
            Matcher m = FRAME.matcher(featureNames.get(frames));
            if (!m.matches() || Integer.parseInt(m.group(2)) != frames) {
                break;
            }
            frames++;
        }
        if (frames < 2 || n % frames != 0) {
            return null;
        }
        String base = null;
        for (int i = 0; i < n; i++) {
            Matcher m = FRAME.matcher(featureNames.get(i));
            if (!m.matches() || Integer.parseInt(m.group(2)) != i % frames) {
                return null;
            }
            if (i % frames == 0) {
                base = m.group(1);
            } else if (!m.group(1).equals(base)) {
                return null;
            }
        }
        return new PatchShape(n / frames, frames);
    }

    /**
     * Refuses patch transforms on features that are not spectrogram patches, naming the setting; {@code shape}
     * from {@link #patchShape}.
     */
    static void checkApplicable(Strength s, PatchShape shape) {
        if (s.onPatches() && shape == null) {
            throw new IllegalArgumentException("gan.diffAugment: timeShift, timeMask and frequencyMask need "
                    + "spectrogram patch features (<coefficient>_t<frame> columns); these features are not patches "
                    + "(got timeShift " + s.timeShift() + ", timeMask " + s.timeMask() + ", frequencyMask "
                    + s.frequencyMask() + ")");
        }
    }

    /** The random stream of the transforms of one step's iteration (critic updates 0..n-1, generator n). */
    static SplittableRandom random(long seed, int step, int iteration) {
        return StepRandom.forIteration(seed ^ SALT, step, iteration);
    }

    /**
     * Draws one transform of {@code classOfRow.length} rows of {@code features} values, in blocks of
     * {@code blockRows} consecutive rows (a mixup partner is taken from its own row's block and class).
     */
    static Draw draw(Strength s, PatchShape shape, int features, int[] classOfRow, int blockRows,
                     SplittableRandom rng) {
        int n = classOfRow.length;
        Draw d = new Draw(n, features, shape);
        int frames = shape == null ? 1 : shape.frames();
        int coefficients = shape == null ? features : shape.coefficients();
        int maxShift = (int) Math.round(s.timeShift() * frames);
        d.timeMaskWidth = (int) Math.round(s.timeMask() * frames);
        d.frequencyMaskWidth = (int) Math.round(s.frequencyMask() * coefficients);
        for (int r = 0; r < n; r++) {
            d.partner[r] = r;
            if (s.mixup() > 0) {
                int start = r - r % blockRows;
                int end = Math.min(n, start + blockRows);
                int same = 0;
                for (int q = start; q < end; q++) {
                    same += classOfRow[q] == classOfRow[r] ? 1 : 0;
                }
                int pick = rng.nextInt(same);
                for (int q = start; q < end; q++) {
                    if (classOfRow[q] == classOfRow[r] && pick-- == 0) {
                        d.partner[r] = q;
                        break;
                    }
                }
                d.mix[r] = rng.nextDouble() * s.mixup();
            }
            d.scale[r] = s.scale() > 0 ? 1 + (2 * rng.nextDouble() - 1) * s.scale() : 1;
            if (shape != null) {
                d.shift[r] = maxShift > 0 ? rng.nextInt(2 * maxShift + 1) - maxShift : 0;
                d.timeMaskStart[r] = d.timeMaskWidth > 0 ? rng.nextInt(frames - d.timeMaskWidth + 1) : 0;
                d.frequencyMaskStart[r] = d.frequencyMaskWidth > 0
                        ? rng.nextInt(coefficients - d.frequencyMaskWidth + 1) : 0;
            }
        }
        if (s.noise() > 0) {
            d.noise = new double[n * features];
            for (int i = 0; i < d.noise.length; i++) {
                d.noise[i] = rng.nextGaussian() * s.noise();
            }
        }
        return d;
    }

    /** A trainer's transforms: one draw over a step's critic rows, one over its generator rows. */
    static final class Batches {
        private final Strength strength;
        private final PatchShape shape;
        private final long seed;
        private final int features;
        private final int classes;
        private final int batch;

        Batches(Strength strength, PatchShape shape, long seed, int features, int classes, int batch) {
            checkApplicable(strength, shape);
            this.strength = strength;
            this.shape = shape;
            this.seed = seed;
            this.features = features;
            this.classes = classes;
            this.batch = batch;
        }

        /**
         * The transform of a step's critic rows: per critic update B real then B fake rows, their one-hot classes
         * in {@code oneHot} (n_critic 2B x k, read by absolute index); each block of B rows mixes within itself.
         */
        Draw forCritic(int step, int nCritic, java.nio.FloatBuffer oneHot) {
            return draw(strength, shape, features, classesOf(oneHot, nCritic * 2 * batch), batch,
                    random(seed, step, 0));
        }

        /** The transform of a step's B generator rows, their one-hot classes in {@code oneHot} (B x k). */
        Draw forGenerator(int step, java.nio.FloatBuffer oneHot) {
            return draw(strength, shape, features, classesOf(oneHot, batch), batch, random(seed, step, 1));
        }

        private int[] classesOf(java.nio.FloatBuffer oneHot, int rows) {
            int[] c = new int[rows];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < classes; k++) {
                    if (oneHot.get(r * classes + k) != 0f) {
                        c[r] = k;
                    }
                }
            }
            return c;
        }
    }

    /** One drawn transform {@code y = A x + n} of n rows (row-major n x d arrays). */
    static final class Draw {
        final int rows;
        final int features;
        final PatchShape shape;
        final int[] partner;
        final double[] mix;
        final double[] scale;
        final int[] shift;
        final int[] timeMaskStart;
        final int[] frequencyMaskStart;
        int timeMaskWidth;
        int frequencyMaskWidth;
        /** The additive noise, null when off. */
        double[] noise;

        private Draw(int rows, int features, PatchShape shape) {
            this.rows = rows;
            this.features = features;
            this.shape = shape;
            this.partner = new int[rows];
            this.mix = new double[rows];
            this.scale = new double[rows];
            this.shift = new int[rows];
            this.timeMaskStart = new int[rows];
            this.frequencyMaskStart = new int[rows];
        }

        /** {@code A x + n} of the rows of {@code x} (n x d, float32 or float64), in x's manager and type. */
        NDArray forward(NDArray x) {
            return like(x, forward(values(x)));
        }

        /** {@code A^T g} of {@code g} (n x d), in g's manager and type. */
        NDArray adjoint(NDArray g) {
            return like(g, adjoint(values(g)));
        }

        private static double[] values(NDArray a) {
            if (a.getDataType() == DataType.FLOAT64) {
                return a.toDoubleArray();
            }
            float[] f = a.toFloatArray();
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = f[i];
            }
            return v;
        }

        private static NDArray like(NDArray a, double[] v) {
            if (a.getDataType() == DataType.FLOAT64) {
                return a.getManager().create(v, a.getShape());
            }
            float[] f = new float[v.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            return a.getManager().create(f, a.getShape());
        }

        /** {@code A x + n}. */
        double[] forward(double[] x) {
            double[] y = linear(x);
            if (noise != null) {
                for (int i = 0; i < y.length; i++) {
                    y[i] += noise[i];
                }
            }
            return y;
        }

        /** {@code A x}, the transform without its noise. */
        double[] linear(double[] x) {
            int d = features;
            double[] y = new double[rows * d];
            double[] row = new double[d];
            for (int r = 0; r < rows; r++) {
                int p = partner[r];
                double l = mix[r];
                double s = scale[r];
                for (int j = 0; j < d; j++) {
                    row[j] = s * ((1 - l) * x[r * d + j] + l * x[p * d + j]);
                }
                if (shape == null) {
                    System.arraycopy(row, 0, y, r * d, d);
                    continue;
                }
                int frames = shape.frames();
                for (int c = 0; c < shape.coefficients(); c++) {
                    boolean maskedCoefficient = c >= frequencyMaskStart[r] && c < frequencyMaskStart[r] + frequencyMaskWidth;
                    for (int t = 0; t < frames; t++) {
                        boolean masked = maskedCoefficient
                                || (t >= timeMaskStart[r] && t < timeMaskStart[r] + timeMaskWidth);
                        // output frame t reads input frame t - shift (circular)
                        int from = Math.floorMod(t - shift[r], frames);
                        y[r * d + c * frames + t] = masked ? 0 : row[c * frames + from];
                    }
                }
            }
            return y;
        }

        /** {@code A^T g}: the gradient with respect to the rows before the transform from the one after it. */
        double[] adjoint(double[] g) {
            int d = features;
            double[] out = new double[rows * d];
            double[] row = new double[d];
            for (int r = 0; r < rows; r++) {
                if (shape == null) {
                    System.arraycopy(g, r * d, row, 0, d);
                } else {
                    int frames = shape.frames();
                    java.util.Arrays.fill(row, 0);
                    for (int c = 0; c < shape.coefficients(); c++) {
                        boolean maskedCoefficient = c >= frequencyMaskStart[r] && c < frequencyMaskStart[r] + frequencyMaskWidth;
                        for (int t = 0; t < frames; t++) {
                            boolean masked = maskedCoefficient
                                    || (t >= timeMaskStart[r] && t < timeMaskStart[r] + timeMaskWidth);
                            if (!masked) {
                                row[c * frames + Math.floorMod(t - shift[r], frames)] = g[r * d + c * frames + t];
                            }
                        }
                    }
                }
                int p = partner[r];
                double l = mix[r];
                double s = scale[r];
                for (int j = 0; j < d; j++) {
                    double v = s * row[j];
                    out[r * d + j] += (1 - l) * v;
                    out[p * d + j] += l * v;
                }
            }
            return out;
        }
    }
}
