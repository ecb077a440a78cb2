package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan evaluate}: placeholder until its issue lands. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Measure whether synthetic rows help a downstream classifier, and their fidelity.")
public final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'evaluate' is not built yet");
    }
}
