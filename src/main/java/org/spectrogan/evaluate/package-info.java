/**
 * Quality and gain metrics. In: real train, synthetic and real test feature tables. Out: downstream
 * classifier scores (accuracy, balanced accuracy, macro-F1 with intervals) for real, real+synthetic and
 * synthetic-only training, and fidelity metrics (MMD, label fidelity, memorisation, diversity).
 *
 * <p>Entry points: {@link org.spectrogan.evaluate.Classifiers#byName} (Tribuo logreg, svm, tree, forest, each
 * standardising on its training rows), {@link org.spectrogan.evaluate.GainEvaluation} (trials of the three
 * training sets, paired gain), {@link org.spectrogan.evaluate.LowDataSweep} with a
 * {@link org.spectrogan.evaluate.SyntheticSource} from the caller, {@link org.spectrogan.evaluate.Fidelity},
 * and {@link org.spectrogan.evaluate.Report} written by {@link org.spectrogan.evaluate.ReportWriter}.
 * Depends on features and common only.
 */
package org.spectrogan.evaluate;
