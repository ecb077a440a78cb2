package org.spectrogan.cli;

import org.spectrogan.gan.Engines;
import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that train GANs (a picocli mixin), and what it sets before any engine starts. */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "D", description = "auto (a GPU when DJL sees one), cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    /** Checks the device (a bad one is a one-line error) and sets it, and DJL's log level unless the user set one, for the engines started later. */
    void apply() {
        System.setProperty(Engines.DEVICE_PROPERTY, Engines.checkDevice(device));
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn"); // engine start-up chatter
        }
    }
}
