package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan generate}: placeholder until its issue lands. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write synthetic rows per class from a trained model.")
public final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'generate' is not built yet");
    }
}
