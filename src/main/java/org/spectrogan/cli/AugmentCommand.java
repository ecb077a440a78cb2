package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan augment}: placeholder until its issue lands. */
@Command(name = "augment", mixinStandardHelpOptions = true, description = "Run a pipeline file end to end: features, split, GAN, synthesis, quality gate, reports.")
public final class AugmentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'augment' is not built yet");
    }
}
