package org.spectrogan.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths in manifest.json, relative to the output folder so the folder can move with its inputs: the config's
 * {@code file}, {@code data} and {@code adapter} and the keys of {@code inputHashes}. A path outside the
 * repository (the {@code spectrogan.root} folder, else the working folder), e.g. the shared data folder, also
 * gets its absolute form under {@code absolutePaths} (config key -> absolute path), the only absolute paths left.
 */
final class ManifestPaths {
    static final List<String> CONFIG_PATHS = List.of("file", "data", "adapter");

    private final Path outDir;
    private final Path repository;

    ManifestPaths(Path outDir) {
        this(outDir, Path.of(System.getProperty("spectrogan.root", System.getProperty("user.dir"))));
    }

    ManifestPaths(Path outDir, Path repository) {
        this.outDir = outDir.toAbsolutePath().normalize();
        this.repository = repository.toAbsolutePath().normalize();
    }

    /** {@code path} relative to the output folder ("/" separated). */
    String relative(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        return outDir.relativize(p).toString().replace('\\', '/');
    }

    boolean insideRepository(String path) {
        return Path.of(path).toAbsolutePath().normalize().startsWith(repository);
    }

    /** Rewrites {@code manifest}'s config paths and input-hash keys; adds {@code absolutePaths} when needed. */
    void apply(ObjectNode manifest) {
        JsonNode config = manifest.get("config");
        ObjectNode absolute = manifest.objectNode();
        if (config instanceof ObjectNode c) {
            for (String key : CONFIG_PATHS) {
                if (c.hasNonNull(key)) {
                    String p = c.get(key).asText();
                    if (!insideRepository(p)) {
                        absolute.put(key, Path.of(p).toAbsolutePath().normalize().toString());
                    }
                    c.put(key, relative(p));
                }
            }
        }
        JsonNode hashes = manifest.get("inputHashes");
        if (hashes instanceof ObjectNode h) {
            Map<String, String> rel = new LinkedHashMap<>();
            h.fields().forEachRemaining(e -> rel.put(relative(e.getKey()), e.getValue().asText()));
            h.removeAll();
            rel.forEach(h::put);
        }
        manifest.put("pathsRelativeTo", "the output folder (this manifest's folder)");
        if (!absolute.isEmpty()) {
            manifest.set("absolutePaths", absolute);
        }
    }
}
