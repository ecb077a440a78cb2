package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's MKL vendor fix (src/main/native/mkl_cpu_dispatch.c) on an AMD CPU: preloaded, it moves MKL off
 * its stock path (MKL_VERBOSE names the kernels it chose), and the gradients and a float32 product are still
 * right there ({@link VendorFixProbe}). Skipped, saying why, on other CPUs or without a C compiler.
 */
class MklVendorFixTest {
    private static final Path SOURCE = Path.of("src/main/native/mkl_cpu_dispatch.c");

    @TempDir
    Path tmp;

    @Test
    void thePreloadedFixSwitchesMklToItsVectorKernelsAndTheGradientsStayExact() throws Exception {
        String cpu = Files.exists(Path.of("/proc/cpuinfo")) ? Files.readString(Path.of("/proc/cpuinfo")) : "";
        Assumptions.assumeTrue(cpu.contains("AuthenticAMD") && cpu.contains(" avx2"),
                "MKL vendor fix not tested: it applies to AMD CPUs with AVX2 only, and this is not one");
        Path shim = tmp.resolve("libspectrogan-mkl-dispatch.so");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-o", shim.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("MKL vendor fix not tested: no C compiler (cc) here");
            return;
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc failed: " + ccOut);

        String fixed = probe(shim);
        String stock = probe(null);
        assertTrue(fixed.contains("PROBE OK"), fixed);
        assertTrue(stock.contains("PROBE OK"), stock);
        String fixedKernels = mklHeader(fixed);
        String stockKernels = mklHeader(stock);
        assertNotEquals(stockKernels, fixedKernels, "the fix must change MKL's choice of kernels");
        assertTrue(fixedKernels.contains("Advanced Vector Extensions"), fixedKernels);
    }

    private String probe(Path shim) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), VendorFixProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MKL_VERBOSE", "1");
        if (shim != null) {
            pb.environment().put("LD_PRELOAD", shim.toString());
        } else {
            pb.environment().remove("LD_PRELOAD");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe did not finish");
        assertEquals(0, p.exitValue(), () -> "the probe failed" + (shim != null ? " with the fix" : "") + ": "
                + out.substring(Math.max(0, out.length() - 3000)));
        return out;
    }

    /** MKL_VERBOSE's first line names the product build and the instruction set of the kernels it dispatched. */
    private static String mklHeader(String out) {
        return out.lines().filter(l -> l.startsWith("MKL_VERBOSE oneMKL") || l.startsWith("MKL_VERBOSE Intel"))
                .findFirst().orElseThrow(() -> new AssertionError("no MKL_VERBOSE header in: "
                        + out.substring(0, Math.min(out.length(), 2000))));
    }
}
