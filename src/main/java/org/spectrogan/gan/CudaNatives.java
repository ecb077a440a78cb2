package org.spectrogan.gan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spectrogan.common.SpectroganException;

/**
 * Lets a CUDA build of PyTorch (the {@code -Dcuda} profile) start on a machine where DJL sees no GPU, so that the
 * same build trains on the CPU here and on the GPU where there is one.
 *
 * <p>Why it is needed: DJL takes a bundled native build only when its flavor suits the machine; a CUDA build on a
 * machine without a GPU or driver does not ("The bundled library: cu124-... doesn't match system: cpu-..."), so DJL
 * falls back to downloading a CPU build from its online index, which offline mode refuses ("Failed to save pytorch
 * index file", caused by "Offline mode is enabled."). Here the bundled CUDA libraries are unpacked once into DJL's
 * engine cache and DJL is pointed at them through its documented overrides {@code PYTORCH_LIBRARY_PATH} and
 * {@code PYTORCH_FLAVOR}. PyTorch then starts from the CUDA build, sees no GPU and runs on the CPU. The one library
 * that links the CUDA driver ({@code libcaffe2_nvrtc.so} needs {@code libcuda.so.1}; PyTorch opens it lazily, only
 * to compile kernels on a GPU) is left out, since DJL loads every library in the folder. With a GPU, or when the
 * user sets any of DJL's PyTorch overrides, nothing here happens.
 */
final class CudaNatives {
    private static final Logger LOG = LoggerFactory.getLogger(CudaNatives.class);

    /** Where a pytorch-native jar describes its build (version, flavor, classifier, libraries). */
    static final String BUILD_PROPERTIES = "native/lib/pytorch.properties";
    /** Libraries of a CUDA build that link the CUDA driver (libcuda.so.1) and so cannot load without one. */
    static final Set<String> NEEDS_DRIVER = Set.of("libcaffe2_nvrtc.so");
    /** DJL's overrides (environment variable or system property of that name); any one set means hands off. */
    static final List<String> OVERRIDES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR", "PYTORCH_VERSION");

    private static Optional<Path> prepared;

    private CudaNatives() {
    }

    /** A bundled PyTorch native build, as its {@code pytorch.properties} describes it. */
    record Build(String version, String flavor, String classifier, List<String> libraries) {
        static Build of(Properties p) {
            String libraries = p.getProperty("libraries", "");
            return new Build(p.getProperty("version", ""), p.getProperty("flavor", ""), p.getProperty("classifier", ""),
                    libraries.isBlank() ? List.of() : List.of(libraries.split(",")));
        }

        boolean isCuda() {
            return flavor.startsWith("cu");
        }

        /** The folder of its libraries inside the jar. */
        String resourceFolder() {
            return "pytorch/" + flavor + "/" + classifier + "/";
        }

        /** The folder under DJL's pytorch cache that holds it unpacked for a machine without a GPU. */
        String cpuFolderName() {
            return version + "-" + flavor + "-" + classifier + "-without-gpu";
        }
    }

    /**
     * The build to unpack for the CPU, or empty: only when every bundled build is a CUDA build for this machine's
     * classifier, DJL sees no GPU and the user set none of DJL's overrides. (A CPU build beside it is DJL's own
     * choice on a machine without a GPU; a GPU means DJL takes the CUDA build itself.)
     */
    static Optional<Build> cpuFallback(List<Build> bundled, String machineClassifier, int gpus, boolean overridden) {
        if (overridden || gpus > 0 || bundled.isEmpty()) {
            return Optional.empty();
        }
        for (Build b : bundled) {
            if (!b.isCuda() || !b.classifier().equals(machineClassifier)) {
                return Optional.empty();
            }
        }
        return Optional.of(bundled.get(0));
    }

    /**
     * Why DJL would not take the bundled CUDA build on a machine with a GPU, or null: DJL takes it only when the
     * CUDA runtime it finds ({@code cudaRuntime} as DJL writes it, "124" for 12.4) is at least the build's; else it
     * would try to download another build, which offline mode refuses with an obscure message.
     */
    static String olderRuntime(List<Build> bundled, int gpus, String cudaRuntime) {
        for (Build b : bundled) {
            if (b.isCuda() && b.flavor().length() >= 5 && cudaRuntime != null && cudaRuntime.length() >= 3
                    && Integer.parseInt(cudaRuntime.substring(0, 3)) < Integer.parseInt(b.flavor().substring(2, 5))) {
                return "DJL sees " + gpus + " GPU(s) with CUDA runtime " + cudaRuntime.charAt(0) + cudaRuntime.charAt(1) + "."
                        + cudaRuntime.substring(2) + ", older than the bundled PyTorch build " + b.flavor()
                        + ": install a CUDA runtime of at least that version, or build without -Dcuda (CPU)";
            }
        }
        return null;
    }

    /** This machine's classifier as DJL's native jars name it (linux-x86_64, linux-aarch64, osx-aarch64, ...). */
    static String machineClassifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String prefix = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : os;
        String arch = System.getProperty("os.arch", "");
        return prefix + "-" + ("amd64".equals(arch) ? "x86_64" : arch);
    }

    /** The PyTorch native builds on the class path. */
    static List<Build> bundled(ClassLoader loader) {
        List<Build> builds = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(BUILD_PROPERTIES))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                builds.add(Build.of(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES + " on the class path", e);
        }
        return builds;
    }

    /**
     * Where a CUDA build is bundled and DJL sees no GPU, unpacks it for the CPU (once) and points DJL at it; call
     * before DJL loads PyTorch. Returns the folder DJL will load from, or empty when DJL's own choice stands.
     */
    static synchronized Optional<Path> prepareForCpu() {
        if (prepared == null) {
            prepared = prepare();
        }
        return prepared;
    }

    private static Optional<Path> prepare() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CudaNatives.class.getClassLoader();
        }
        List<Build> bundled = bundled(loader);
        if (bundled.stream().noneMatch(Build::isCuda)) {
            return Optional.empty(); // the usual CPU build: do not even probe for CUDA
        }
        boolean overridden = OVERRIDES.stream().anyMatch(k -> ai.djl.util.Utils.getEnvOrSystemProperty(k) != null);
        int gpus = ai.djl.util.cuda.CudaUtils.getGpuCount();
        if (gpus > 0 && !overridden) {
            String problem = olderRuntime(bundled, gpus, ai.djl.util.cuda.CudaUtils.getCudaVersionString());
            if (problem != null) {
                throw new SpectroganException(problem);
            }
        }
        Optional<Build> build = cpuFallback(bundled, machineClassifier(), gpus, overridden);
        if (build.isEmpty()) {
            return Optional.empty();
        }
        Path dir = unpack(build.get(), loader, ai.djl.util.Utils.getEngineCacheDir("pytorch"));
        System.setProperty("PYTORCH_LIBRARY_PATH", dir.toString());
        System.setProperty("PYTORCH_FLAVOR", build.get().flavor());
        LOG.info("PyTorch {} {} (a CUDA build) sees no GPU here: it runs on the CPU, from {}", build.get().version(),
                build.get().flavor(), dir);
        return Optional.of(dir);
    }

    /**
     * Unpacks the build's libraries (all but {@link #NEEDS_DRIVER}) from the class path into
     * {@code cacheDir/<version>-<flavor>-<classifier>-without-gpu}, through a temporary folder moved into place,
     * so the folder exists only when complete; an existing folder is reused.
     */
    static Path unpack(Build build, ClassLoader loader, Path cacheDir) {
        Path dir = cacheDir.resolve(build.cpuFolderName());
        if (Files.isRegularFile(dir.resolve("libtorch.so")) || Files.isRegularFile(dir.resolve("libtorch.dylib"))) {
            return dir;
        }
        if (build.libraries().isEmpty()) {
            throw new SpectroganException(BUILD_PROPERTIES + " of PyTorch " + build.flavor() + " lists no libraries");
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, build.cpuFolderName() + ".tmp");
            LOG.info("unpacking PyTorch {} {} for the CPU into {} (once; a few GB)", build.version(), build.flavor(), dir);
            for (String lib : build.libraries()) {
                if (NEEDS_DRIVER.contains(lib)) {
                    continue;
                }
                String resource = build.resourceFolder() + lib;
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new SpectroganException("PyTorch " + build.flavor() + ": " + resource
                                + " is listed in " + BUILD_PROPERTIES + " but missing from the class path");
                    }
                    Files.copy(in, tmp.resolve(lib));
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // another process finished first: its folder is complete (it too was moved into place whole)
            }
            return dir;
        } catch (IOException e) {
            throw new SpectroganException("cannot unpack PyTorch " + build.flavor() + " into " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless: it is never taken for a complete one
        }
    }
}
