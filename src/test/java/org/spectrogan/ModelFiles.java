package org.spectrogan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests compare of a trained model folder. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Every weights.bin under the model folder, concatenated in path order (fails if there is none). */
    public static byte[] weightsBin(Path modelDir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var files = Files.walk(modelDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("weights.bin")).sorted().toList()) {
                out.write(Files.readAllBytes(f));
            }
        }
        assertTrue(out.size() > 0, "no weights.bin in " + modelDir);
        return out.toByteArray();
    }
}
