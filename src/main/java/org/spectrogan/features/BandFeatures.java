package org.spectrogan.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * The Welch based EEG kinds: per channel the Welch PSD (as scipy), then per band
 * {@code P = sum(PSD[lo <= f < hi]) * df} ({@code bandpower}) and {@code DE = 0.5 ln(2 pi e max(P, 1e-30))}
 * ({@code de}), or the PSD bins with {@code fmin <= f <= fmax} ({@code psd}). Columns
 * {@code {channel}_{band}_de}, {@code {channel}_{band}_bp}, {@code {channel}_psd_{f}Hz}, channel-major. When the
 * step is a multiple of the Welch hop, each segment's periodogram is reduced once and shared by the overlapping
 * windows.
 */
final class BandFeatures implements FeatureFamily {
    private final FeatureSpec.Resolved r;

    BandFeatures(FeatureSpec.Resolved resolved) {
        if (resolved.spec().kind().isAudio()) {
            throw new IllegalArgumentException(resolved.spec().kind().id() + " is not a band feature kind");
        }
        this.r = resolved;
    }

    @Override
    public boolean mixesToMono() {
        return false;
    }

    @Override
    public List<String> featureNames(List<String> channelNames) {
        return names(r, channelNames);
    }

    /** Column names: per channel, per band (de, bandpower) or per PSD bin (psd). */
    static List<String> names(FeatureSpec.Resolved r, List<String> channelNames) {
        FeatureKind kind = r.spec().kind();
        List<String> names = new ArrayList<>();
        if (kind == FeatureKind.PSD) {
            int[] range = psdBinRange(r);
            for (String ch : channelNames) {
                for (int k = range[0]; k <= range[1]; k++) {
                    names.add(ch + "_psd_" + Features.hz(r.binHz(k)) + "Hz");
                }
            }
        } else {
            String suffix = kind == FeatureKind.DE ? "_de" : "_bp";
            for (String ch : channelNames) {
                for (Band b : r.spec().bands()) {
                    names.add(ch + "_" + b.name() + suffix);
                }
            }
        }
        return names;
    }

    /** Columns per channel: bands (de, bandpower) or PSD bins (psd). */
    static int columnsPerChannel(FeatureSpec.Resolved r) {
        if (r.spec().kind() == FeatureKind.PSD) {
            int[] range = psdBinRange(r);
            return range[1] - range[0] + 1;
        }
        return r.spec().bands().size();
    }

    /** First and last (inclusive) bin of psd columns: fmin <= f <= fmax. */
    static int[] psdBinRange(FeatureSpec.Resolved r) {
        int lo = -1;
        int hi = -1;
        for (int k = 0; k < r.binCount(); k++) {
            double f = r.binHz(k);
            if (f >= r.fminHz() - 1e-9 && f <= r.fmaxHz() + 1e-9) {
                if (lo < 0) {
                    lo = k;
                }
                hi = k;
            }
        }
        if (lo < 0) {
            throw new SpectroganException("no PSD bin lies between fmin " + FeatureSpec.fmt(r.fminHz()) + " Hz and fmax "
                    + FeatureSpec.fmt(r.fmaxHz()) + " Hz (bin spacing " + Features.hz(r.binHz(1)) + " Hz)");
        }
        return new int[] {lo, hi};
    }

    @Override
    public Workspace newWorkspace() {
        return new BandWorkspace(r);
    }

    /** Per-thread buffers: the Welch transform, one periodogram, the per-segment reductions of one channel. */
    private static final class BandWorkspace implements Workspace {
        private final FeatureSpec.Resolved r;
        private final FeatureKind kind;
        private final Welch welch;
        private final double[] periodogram;
        private final double[] acc;
        private final int dim;
        private final int[] bandLo;
        private final int[] bandHi;
        private final int psdLo;
        private final double df;
        private double[][] grid = new double[0][];
        private boolean[] done = new boolean[0];

        BandWorkspace(FeatureSpec.Resolved r) {
            this.r = r;
            this.kind = r.spec().kind();
            this.welch = new Welch(r.npersegSamples(), r.nfftSamples(), r.sampleRateHz());
            this.periodogram = new double[welch.binCount()];
            this.df = r.binHz(1);
            if (kind == FeatureKind.PSD) {
                int[] range = psdBinRange(r);
                psdLo = range[0];
                dim = range[1] - range[0] + 1;
                bandLo = null;
                bandHi = null;
            } else {
                psdLo = 0;
                List<Band> bands = r.spec().bands();
                dim = bands.size();
                bandLo = new int[dim];
                bandHi = new int[dim];
                for (int b = 0; b < dim; b++) {
                    int[] bins = r.bandBins(bands.get(b));
                    if (bins == null) { // resolve() rejects such a band; an empty sum if one slips through
                        bandLo[b] = 0;
                        bandHi[b] = -1;
                    } else {
                        bandLo[b] = bins[0];
                        bandHi[b] = bins[1];
                    }
                }
            }
            this.acc = new double[dim];
        }

        /** The reduced vector (band sums, or the PSD bins of the columns) of one segment's periodogram. */
        private void reduce(float[] x, int start, double[] into) {
            welch.periodogram(x, start, periodogram);
            if (bandLo == null) {
                System.arraycopy(periodogram, psdLo, into, 0, dim);
            } else {
                for (int b = 0; b < dim; b++) {
                    double s = 0;
                    for (int k = bandLo[b]; k <= bandHi[b]; k++) {
                        s += periodogram[k];
                    }
                    into[b] = s;
                }
            }
        }

        @Override
        public void fill(float[] x, int channel, List<Features.Window> windows, double[][] rows) {
            int hop = welch.hopSamples();
            int segments = welch.segmentCount(r.windowSamples());
            // Segment periodograms are cached in cell segStart / hop. Two different segment starts never share a
            // cell: within a piece they differ by whole hops, and across the pieces of a discontinuous recording
            // by at least nperseg >= hop (a segment ends inside its piece), even when a piece starts off the grid.
            boolean aligned = r.stepSamples() % hop == 0;
            int gridSize = aligned ? welch.segmentCount(x.length) : 0;
            if (aligned) {
                if (grid.length < gridSize) {
                    double[][] g = new double[gridSize][];
                    System.arraycopy(grid, 0, g, 0, grid.length);
                    for (int i = grid.length; i < gridSize; i++) {
                        g[i] = new double[dim];
                    }
                    grid = g;
                    done = new boolean[gridSize];
                } else {
                    Arrays.fill(done, false);
                }
            }
            double[] one = aligned ? null : new double[dim];
            int offset = channel * dim;
            for (int w = 0; w < windows.size(); w++) {
                int start = windows.get(w).startSample();
                Arrays.fill(acc, 0.0);
                for (int s = 0; s < segments; s++) {
                    int segStart = start + s * hop;
                    double[] v;
                    if (aligned) {
                        int g = segStart / hop;
                        if (!done[g]) {
                            reduce(x, segStart, grid[g]);
                            done[g] = true;
                        }
                        v = grid[g];
                    } else {
                        reduce(x, segStart, one);
                        v = one;
                    }
                    for (int d = 0; d < dim; d++) {
                        acc[d] += v[d];
                    }
                }
                double[] row = rows[w];
                for (int d = 0; d < dim; d++) {
                    double mean = acc[d] / segments;
                    double value;
                    if (kind == FeatureKind.PSD) {
                        value = mean;
                    } else {
                        double p = mean * df;
                        value = kind == FeatureKind.BANDPOWER ? p
                                : 0.5 * Math.log(2.0 * Math.PI * Math.E * Math.max(p, Features.MIN_BAND_POWER));
                    }
                    row[offset + d] = value;
                }
            }
        }
    }
}
