package org.spectrogan.evaluate;

import java.util.List;
import org.spectrogan.features.FeatureTable;

/**
 * A downstream classifier recipe (which algorithm, which settings). {@link #fit} trains a fresh model;
 * the recipe itself holds no state, so one instance may be fitted many times, also from several threads.
 * Features are standardised on the training rows inside {@link #fit}. Get one with {@link Classifiers#byName}.
 */
public interface Classifier {
    /** The short name used on the command line and in reports, e.g. "logreg". */
    String name();

    /** A one-line description for reports, e.g. "logistic regression (LibLinear L2R_LR, C=1)". */
    String description();

    /**
     * Trains on every row of {@code train} (at least two classes). {@code seed} drives any randomness
     * (bagging, feature sampling, SGD order), so the same seed and rows give the same model.
     */
    Fitted fit(FeatureTable train, long seed);

    /** A trained model. Immutable; predictions are thread-safe. */
    interface Fitted {
        /** The classes seen in training, sorted; the column order of {@link #predictProba}. */
        List<String> classes();

        /** The predicted label of each row of {@code rows} (raw feature values, same columns as training). */
        String[] predict(double[][] rows);

        /**
         * Class scores per row, columns in {@link #classes()} order, each row summing to 1. For logistic
         * regression these are probabilities; for the linear SVM a softmax of the decision values; for the
         * forest the share of trees voting for the class.
         */
        double[][] predictProba(double[][] rows);

        default String[] predict(FeatureTable table) {
            return predict(table.matrix());
        }

        default double[][] predictProba(FeatureTable table) {
            return predictProba(table.matrix());
        }
    }
}
