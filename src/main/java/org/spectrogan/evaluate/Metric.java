package org.spectrogan.evaluate;

/** The classification metrics reported for every run. */
public enum Metric {
    ACCURACY("accuracy"),
    BALANCED_ACCURACY("balanced accuracy"),
    MACRO_F1("macro-F1");

    private final String title;

    Metric(String title) {
        this.title = title;
    }

    /** Plain-words name for reports. */
    public String title() {
        return title;
    }

    /** This metric of a confusion matrix. */
    public double of(ConfusionMatrix cm) {
        return switch (this) {
            case ACCURACY -> cm.accuracy();
            case BALANCED_ACCURACY -> cm.balancedAccuracy();
            case MACRO_F1 -> cm.macroF1();
        };
    }
}
