package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan inspect}: placeholder until its issue lands. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Describe recordings: format, rate, channels, duration, groups and labels.")
public final class InspectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'inspect' is not built yet");
    }
}
