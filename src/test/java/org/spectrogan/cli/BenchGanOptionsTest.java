package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** bench gan's child JVMs get the launcher's young-generation and collector options, and nothing else of the parent's. */
class BenchGanOptionsTest {
    @Test
    void onlyTheYoungGenerationAndCollectorOptionsAreForwarded() {
        List<String> parent = List.of("-Xmx8g", "-Xmn64m", "-Dai.djl.offline=true", "-Dspectrogan.root=/x",
                "-XX:+UseG1GC", "-XX:NewSize=32m", "-XX:MaxNewSize=64m", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-UseG1GC", "-agentlib:jdwp=transport=dt_socket", "-Xms1g");
        assertEquals(List.of("-Xmn64m", "-XX:+UseG1GC", "-XX:NewSize=32m", "-XX:MaxNewSize=64m"),
                BenchGanCommand.forwardedJvmOptions(parent));
    }

    @Test
    void aParentWithoutThemForwardsNothing() {
        assertEquals(List.of(), BenchGanCommand.forwardedJvmOptions(List.of("-Xmx1g", "-Dai.djl.offline=true")));
    }
}
