package org.spectrogan.cli;

import picocli.CommandLine.Command;

/** {@code spectrogan bench}: speed and memory figures, printed side by side with the reference tools. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Print speed and memory figures (features: vs scipy; gan: vs PyTorch; classifiers: seconds per fit) and the quality targets (quality).",
        subcommands = {BenchFeaturesCommand.class, BenchGanCommand.class, BenchQualityCommand.class, BenchClassifiersCommand.class})
public final class BenchCommand {
}
