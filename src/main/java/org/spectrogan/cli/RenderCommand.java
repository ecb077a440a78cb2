package org.spectrogan.cli;

import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine.Command;

/** {@code spectrogan render}: placeholder until its issue lands. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Turn spectral feature rows back into WAV audio.")
public final class RenderCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new SpectroganException("'render' is not built yet");
    }
}
