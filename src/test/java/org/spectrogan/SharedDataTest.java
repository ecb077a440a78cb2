package org.spectrogan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDataTest {
    @Test
    void aMissingSharedFolderSkipsLocallyAndFailsUnderCi(@TempDir Path tmp) {
        Path absent = tmp.resolve("no-shared");
        assertThrows(TestAbortedException.class, () -> SharedData.require("data", Map.of(), absent));
        assertThrows(TestAbortedException.class, () -> SharedData.require("data", Map.of("CI", "false"), absent));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SharedData.require("data", Map.of("CI", "true"), absent));
        assertTrue(e.getMessage().contains(absent.resolve("data").toString()) && e.getMessage().contains("CI=true"), e.getMessage());
    }

    @Test
    void aPresentFileIsReturnedWithOrWithoutCi(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        assertEquals(tmp.resolve("data"), SharedData.require("data", Map.of("CI", "true"), tmp));
        assertEquals(tmp.resolve("data"), SharedData.require("data", Map.of(), tmp));
    }
}
