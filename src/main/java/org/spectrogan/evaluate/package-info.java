/**
 * Quality and gain metrics. In: real train, synthetic and real test feature tables. Out: downstream
 * classifier scores (accuracy, balanced accuracy, macro-F1 with intervals) for real, real+synthetic and
 * synthetic-only training, and fidelity metrics (MMD, label fidelity, memorisation, diversity).
 */
package org.spectrogan.evaluate;
