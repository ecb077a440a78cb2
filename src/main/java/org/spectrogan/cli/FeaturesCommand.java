package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan features}: placeholder until its issue lands. */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Cut recordings into windows and write spectral features as CSV.")
public final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'features' is not built yet");
    }
}
