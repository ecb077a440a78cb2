package org.spectrogan.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.spectrogan.common.SpectroganException;

/**
 * The sample rate from a time column: the least-squares line through time against sample index (Commons Math
 * {@link SimpleRegression}), whose slope is the mean sample period over the whole span, so timestamps rounded to
 * 1 ms with 3-4 ms spacings give 256.03 Hz where the median spacing gives 250. A regular clock gives the same
 * as {@code (n - 1) / (t_last - t_first)}. Warnings name large spacing jitter (coefficient of variation of the
 * spacings above {@value #JITTER_WARN}), gaps (spacings above {@value #GAP_FACTOR} periods) and steps back.
 *
 * @param rateHz the fitted rate
 * @param spacingJitter standard deviation of the spacings / their mean
 * @param gaps spacings longer than {@value #GAP_FACTOR} sample periods
 * @param backwardSteps spacings <= 0
 * @param warnings sentences for the log, empty when the clock looks regular
 */
public record TimestampRate(double rateHz, double spacingJitter, int gaps, int backwardSteps, List<String> warnings) {
    static final double JITTER_WARN = 0.05;
    static final double GAP_FACTOR = 2.0;
    /** A given rate further than this fraction from the timestamps' is reported. */
    static final double DISAGREEMENT = 0.005;

    public TimestampRate {
        warnings = List.copyOf(warnings);
    }

    /**
     * The rate of {@code n} timestamps in seconds ({@code times[0..n)}); {@code column} and the file name the
     * source in errors.
     */
    static TimestampRate fit(Source src, double[] times, int n, String column) {
        return fit(src.path(), times, n, column);
    }

    public static TimestampRate fit(java.nio.file.Path file, double[] times, int n, String column) {
        if (n < 2) {
            throw SpectroganException.inFile(file, "time column '" + column + "' has " + n + " value(s); a rate needs two");
        }
        double span = times[n - 1] - times[0];
        if (!(span > 0) || !Double.isFinite(span)) {
            throw SpectroganException.inFile(file, "time column '" + column + "' does not increase (first "
                    + times[0] + " s, last " + times[n - 1] + " s); give --rate-hz");
        }
        SimpleRegression line = new SimpleRegression(true);
        double t0 = times[0];
        double sum = 0;
        double sumSq = 0;
        int back = 0;
        for (int i = 0; i < n; i++) {
            line.addData(i, times[i] - t0);
            if (i > 0) {
                double d = times[i] - times[i - 1];
                sum += d;
                sumSq += d * d;
                back += d <= 0 ? 1 : 0;
            }
        }
        double periodSeconds = line.getSlope();
        if (!(periodSeconds > 0) || !Double.isFinite(1.0 / periodSeconds)) {
            throw SpectroganException.inFile(file, "time column '" + column + "' gives no positive sample period "
                    + "(fitted " + periodSeconds + " s); give --rate-hz");
        }
        double mean = sum / (n - 1);
        double var = Math.max(0, sumSq / (n - 1) - mean * mean);
        double jitter = Math.sqrt(var) / mean;
        int gaps = 0;
        for (int i = 1; i < n; i++) {
            gaps += times[i] - times[i - 1] > GAP_FACTOR * periodSeconds ? 1 : 0;
        }
        double rateHz = 1.0 / periodSeconds;
        List<String> warnings = new ArrayList<>();
        if (jitter > JITTER_WARN) {
            warnings.add(String.format(Locale.ROOT, "time column '%s': spacings vary by %.1f%% of their mean (%.4f ms);"
                    + " the rate %.4f Hz is a fit over the whole span", column, 100 * jitter, 1000 * mean, rateHz));
        }
        if (gaps > 0) {
            warnings.add(String.format(Locale.ROOT, "time column '%s': %d gap(s) longer than %.0f sample periods;"
                    + " samples are kept back to back", column, gaps, GAP_FACTOR));
        }
        if (back > 0) {
            warnings.add(String.format(Locale.ROOT, "time column '%s': %d step(s) where time does not increase", column, back));
        }
        return new TimestampRate(rateHz, jitter, gaps, back, warnings);
    }

    /** A warning when a given rate differs from this one by more than 0.5%, else null. */
    String disagreement(double givenHz, String column) {
        if (Math.abs(givenHz - rateHz) <= DISAGREEMENT * rateHz) {
            return null;
        }
        return String.format(Locale.ROOT, "the adapter or --rate-hz says %s Hz but time column '%s' gives %.4f Hz"
                + " (%.2f%% apart); using %s Hz", givenHz, column, rateHz, 100 * (givenHz - rateHz) / rateHz, givenHz);
    }
}
