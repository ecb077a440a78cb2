package org.spectrogan.adapters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.spectrogan.common.SpectroganException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

/**
 * MAT v5 through MFL: the numeric matrix named by {@code variable}, or the only numeric non-scalar variable.
 * The longer dimension is time unless {@code timeAxis} says rows or columns (a 1024x1 matrix is one channel of
 * 1024 samples). The rate comes from the adapter / --rate-hz, or from a scalar variable fs, Fs, srate, sfreq or
 * sampling_rate in the file. v7.3 files (HDF5) are refused with a message saying so.
 */
final class MatReader {
    private MatReader() {
    }

    /** The text, subsystem offset, version and endian fields before the first data element. */
    private static final int HEADER_BYTES = 128;

    private static final List<String> RATE_NAMES = List.of("fs", "Fs", "FS", "srate", "sfreq", "sampling_rate", "sampleRate");

    static Recording read(Source src, AdapterSpec spec) throws IOException {
        long declared = src.sizeBytes();
        if (declared > Integer.MAX_VALUE - 8) {
            throw SpectroganException.inFile(src.path(), "a MAT file of " + declared + " bytes is more than can be read (2 GB)");
        }
        byte[] bytes = src.readAllBytes();
        String text = new String(bytes, 0, Math.min(116, bytes.length), StandardCharsets.US_ASCII);
        boolean hdf5 = bytes.length >= 516 && bytes[512] == (byte) 0x89 && bytes[513] == 'H' && bytes[514] == 'D' && bytes[515] == 'F';
        if (text.startsWith("MATLAB 7.3") || hdf5) {
            throw SpectroganException.inFile(src.path(), "MAT v7.3 (HDF5) is not supported; save it with "
                    + "save(..., '-v7') or export the matrix to CSV");
        }
        if (!text.startsWith("MATLAB 5.0") && !text.startsWith("MATLAB")) {
            throw SpectroganException.inFile(src.path(), "not a MAT v5 file: wrong magic (the header should start with 'MATLAB 5.0')");
        }
        if (bytes.length < HEADER_BYTES) {
            throw SpectroganException.inFile(src.path(), "MAT header is cut short: " + bytes.length + " of "
                    + HEADER_BYTES + " bytes");
        }
        String endian = new String(bytes, 126, 2, StandardCharsets.ISO_8859_1);
        if (!endian.equals("IM") && !endian.equals("MI")) {
            throw SpectroganException.inFile(src.path(), "corrupt MAT header: the endian indicator (bytes 126-127) is '"
                    + EdfReader.printable(bytes, 126, 2, 2) + "', should be 'IM' or 'MI'");
        }
        MatCheck.check(src, bytes, endian.equals("IM") ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        MatFile mat;
        try {
            mat = Mat5.newReader(Sources.wrap(bytes)).readMat();
        } catch (java.io.EOFException | java.nio.BufferUnderflowException e) {
            throw SpectroganException.inFile(src.path(), "truncated: a variable runs past the end of the file ("
                    + bytes.length + " bytes)", e);
        } catch (java.util.zip.ZipException e) {
            throw SpectroganException.inFile(src.path(), "corrupt: a compressed variable does not inflate (zlib: "
                    + e.getMessage() + ")", e);
        } catch (RuntimeException | IOException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.zip.DataFormatException || c instanceof java.util.zip.ZipException) {
                throw SpectroganException.inFile(src.path(), "corrupt: a compressed variable does not inflate (zlib: "
                        + c.getMessage() + ")", e);
            }
            if (c instanceof java.io.EOFException) {
                throw SpectroganException.inFile(src.path(), "truncated: a variable runs past the end of the file ("
                        + bytes.length + " bytes)", e);
            }
            if (e instanceof SpectroganException se) {
                throw se;
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw SpectroganException.inFile(src.path(), "corrupt MAT v5 data ("
                    + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName()) + ")", e);
        }
        try (mat) {
            List<String> numeric = new ArrayList<>();
            Double fileRate = null;
            String rateName = null;
            List<String> complex = new ArrayList<>();
            for (MatFile.Entry e : mat.getEntries()) {
                Array a = e.getValue();
                if (a instanceof Matrix m && m.isComplex() && a.getNumElements() > 1) {
                    complex.add(e.getName());
                }
                if (a instanceof Matrix m && !m.isComplex()) {
                    if (a.getNumElements() == 1) {
                        if (RATE_NAMES.contains(e.getName())) {
                            fileRate = m.getDouble(0);
                            rateName = e.getName();
                        }
                    } else if (a.getNumElements() > 1) {
                        numeric.add(e.getName());
                    }
                }
            }
            String name = spec.variable();
            if (name == null) {
                if (numeric.size() != 1) {
                    throw SpectroganException.inFile(src.path(), numeric.isEmpty() ? "no real numeric matrix in the file"
                            + (complex.isEmpty() ? "" : " (complex: " + String.join(", ", complex) + "; only real matrices are read)")
                            : numeric.size() + " numeric variables (" + String.join(", ", numeric)
                              + "); choose one with --variable or \"variable\" in the adapter");
                }
                name = numeric.get(0);
            } else if (complex.contains(name)) {
                throw SpectroganException.inFile(src.path(), "variable '" + name + "' is complex; only real matrices are read");
            } else if (!numeric.contains(name)) {
                throw SpectroganException.inFile(src.path(), "no numeric matrix named '" + name + "'; numeric variables: "
                        + (numeric.isEmpty() ? "none" : String.join(", ", numeric)));
            }
            Matrix m = mat.getMatrix(name);
            if (m.getNumDimensions() > 2) {
                throw SpectroganException.inFile(src.path(), "variable '" + name + "' has " + m.getNumDimensions()
                        + " dimensions; only 2-D matrices (channels x samples) are read");
            }
            int rows = m.getNumRows();
            int cols = m.getNumCols();
            String axis = spec.timeAxis() == null ? "auto" : spec.timeAxis();
            boolean timeIsRows = switch (axis) {
                case "rows" -> true;
                case "columns" -> false;
                default -> rows >= cols;
            };
            int channels = timeIsRows ? cols : rows;
            int samples = timeIsRows ? rows : cols;
            src.budget().reserveSamples(src.path(), (long) channels * samples);
            float[][] out = new float[channels][samples];
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < samples; t++) {
                    double v = timeIsRows ? m.getDouble(t, c) : m.getDouble(c, t);
                    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                        throw SpectroganException.inFile(src.path(), "variable '" + name + "' holds " + v + " at channel "
                                + (c + 1) + ", sample " + (t + 1) + (Double.isFinite(v)
                                ? " (beyond the range of float32 samples)" : " (NaN or infinite values are not allowed)"));
                    }
                    out[c][t] = (float) v;
                }
            }
            if (spec.rateHz() == null && fileRate != null && !(fileRate > 0 && Double.isFinite(fileRate))) {
                throw SpectroganException.inFile(src.path(), "variable '" + rateName + "' gives the sample rate as "
                        + fileRate + " Hz; it must be a positive number (or give --rate-hz)");
            }
            Double rate = spec.rateHz() != null ? spec.rateHz() : fileRate;
            if (rate == null || !(rate > 0)) {
                throw SpectroganException.inFile(src.path(), "MAT files carry no sample rate: give --rate-hz (or rateHz in the adapter)");
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                names.add("ch" + (c + 1));
            }
            Recording r = new Recording(out, rate, names, spec.unit(), src.path(), "mat", null, List.of());
            if (spec.channels() != null) {
                float[][] sel = new float[spec.channels().size()][];
                for (int i = 0; i < sel.length; i++) {
                    int idx = names.indexOf(spec.channels().get(i));
                    if (idx < 0) {
                        throw SpectroganException.inFile(src.path(), "no channel named '" + spec.channels().get(i)
                                + "'; MAT channels are named ch1..ch" + channels);
                    }
                    sel[i] = out[idx];
                }
                r = new Recording(sel, rate, spec.channels(), spec.unit(), src.path(), "mat", null, List.of());
            }
            return r;
        }
    }
}
