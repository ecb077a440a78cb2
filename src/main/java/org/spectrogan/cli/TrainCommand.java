package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan train}: placeholder until its issue lands. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a conditional WGAN on a features CSV.")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'train' is not built yet");
    }
}
