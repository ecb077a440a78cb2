package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spectrogan.common.SpectroganException;

/** When a CUDA build of PyTorch is unpacked for the CPU, and what lands in the folder DJL then loads. */
class CudaNativesTest {
    @TempDir
    Path tmp;

    private static final CudaNatives.Build CU124 = new CudaNatives.Build("2.5.1-20241113", "cu124", "linux-x86_64",
            List.of("libc10.so", "libcaffe2_nvrtc.so", "libtorch.so"));
    private static final CudaNatives.Build CPU = new CudaNatives.Build("2.5.1-20241113", "cpu", "linux-x86_64",
            List.of("libc10.so", "libtorch.so"));

    @Test
    void onlyACudaBuildOnAMachineWithoutGpuOrOverrideIsUnpacked() {
        assertEquals(Optional.of(CU124), CudaNatives.cpuFallback(List.of(CU124), "linux-x86_64", 0, false));
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(CU124), "linux-x86_64", 1, false), "a GPU: DJL's own path");
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(CU124), "linux-x86_64", 0, true), "the user's override");
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(CU124, CPU), "linux-x86_64", 0, false),
                "a CPU build beside it: DJL takes that one");
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(CPU), "linux-x86_64", 0, false));
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(CU124), "linux-aarch64", 0, false), "another platform");
        assertEquals(Optional.empty(), CudaNatives.cpuFallback(List.of(), "linux-x86_64", 0, false));
    }

    @Test
    void aGpuWithAnOlderCudaRuntimeThanTheBuildIsNamedNotLeftToAnOfflineDownload() {
        assertEquals("DJL sees 1 GPU(s) with CUDA runtime 12.1, older than the bundled PyTorch build cu124: install a CUDA "
                + "runtime of at least that version, or build without -Dcuda (CPU)", CudaNatives.olderRuntime(List.of(CU124), 1, "121"));
        assertEquals(null, CudaNatives.olderRuntime(List.of(CU124), 1, "124"));
        assertEquals(null, CudaNatives.olderRuntime(List.of(CU124), 2, "128"));
        assertEquals(null, CudaNatives.olderRuntime(List.of(CPU), 1, "118"), "a CPU build runs anywhere");
    }

    @Test
    void theDriverLinkedLibraryIsLeftOutAndTheRestUnpackedByteForByte() throws Exception {
        Map<String, byte[]> libs = Map.of("libc10.so", bytes("c10 code"), "libcaffe2_nvrtc.so", bytes("links libcuda.so.1"),
                "libtorch.so", bytes("torch code"));
        try (URLClassLoader loader = jar(CU124, libs)) {
            List<CudaNatives.Build> bundled = CudaNatives.bundled(loader);
            assertEquals(List.of(CU124), bundled, "read from native/lib/pytorch.properties");
            Path cache = tmp.resolve("cache");
            Path dir = CudaNatives.unpack(bundled.get(0), loader, cache);
            assertEquals(cache.resolve("2.5.1-20241113-cu124-linux-x86_64-without-gpu"), dir);
            assertEquals(new TreeSet<>(List.of("libc10.so", "libtorch.so")), names(dir));
            assertArrayEquals(libs.get("libc10.so"), Files.readAllBytes(dir.resolve("libc10.so")));
            assertArrayEquals(libs.get("libtorch.so"), Files.readAllBytes(dir.resolve("libtorch.so")));
            assertEquals(new TreeSet<>(List.of(dir.getFileName().toString())), names(cache), "no temporary folder left");

            // a complete folder is reused, not unpacked again
            Files.writeString(dir.resolve("libc10.so"), "kept");
            assertEquals(dir, CudaNatives.unpack(bundled.get(0), loader, cache));
            assertEquals("kept", Files.readString(dir.resolve("libc10.so")));
        }
    }

    @Test
    void aListedLibraryMissingFromTheJarIsAClearErrorAndLeavesNoFolder() throws Exception {
        try (URLClassLoader loader = jar(CU124, Map.of("libc10.so", bytes("c10")))) {
            Path cache = tmp.resolve("cache");
            SpectroganException e = assertThrows(SpectroganException.class, () -> CudaNatives.unpack(CU124, loader, cache));
            assertEquals("PyTorch cu124: pytorch/cu124/linux-x86_64/libtorch.so is listed in native/lib/pytorch.properties "
                    + "but missing from the class path", e.getMessage());
            assertTrue(names(cache).isEmpty(), "nothing half-unpacked: " + names(cache));
            assertFalse(Files.exists(cache.resolve(CU124.cpuFolderName())));
        }
    }

    @Test
    void theMachineClassifierIsNamedAsDjlsJars() {
        String expected = System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch"))
                ? "linux-x86_64" : CudaNatives.machineClassifier();
        assertEquals(expected, CudaNatives.machineClassifier());
        assertTrue(CudaNatives.machineClassifier().matches("(linux|osx|win)-(x86_64|aarch64)"), CudaNatives.machineClassifier());
    }

    /** A class loader over one jar laid out as pytorch-native-* jars are. */
    private URLClassLoader jar(CudaNatives.Build build, Map<String, byte[]> libs) throws Exception {
        Path jar = tmp.resolve("pytorch-native-" + build.flavor() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(CudaNatives.BUILD_PROPERTIES));
            zip.write(bytes("version=" + build.version() + "\nflavor=" + build.flavor() + "\nclassifier=" + build.classifier()
                    + "\nlibraries=" + String.join(",", build.libraries())));
            for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
                zip.putNextEntry(new ZipEntry(build.resourceFolder() + lib.getKey()));
                zip.write(lib.getValue());
            }
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }

    private static TreeSet<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
