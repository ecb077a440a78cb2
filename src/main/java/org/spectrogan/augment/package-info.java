/**
 * The augmentation pipeline: a declarative pipeline file drives reading, features, a group split, GAN
 * training on the train part, synthesis per class, a quality gate, and the atomic write of the enlarged
 * dataset with its manifest, reports and plots. In: a pipeline JSON. Out: an output folder.
 */
package org.spectrogan.augment;
