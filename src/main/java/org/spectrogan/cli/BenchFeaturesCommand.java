package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan bench features}: placeholder until its issue lands. */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Benchmark features.")
public final class BenchFeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'bench features' is not built yet");
    }
}
