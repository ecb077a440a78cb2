package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan bench gan}: placeholder until its issue lands. */
@Command(name = "gan", mixinStandardHelpOptions = true, description = "Benchmark gan.")
public final class BenchGanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'bench gan' is not built yet");
    }
}
