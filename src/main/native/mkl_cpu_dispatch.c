/*
 * MKL picks its kernels by CPU vendor before it looks at the instruction set: on an AMD CPU it never takes its
 * AVX-512 (or AVX2 Zen-tuned) GEMM paths, even where the CPU has them (Zen 4 has AVX-512). Measured here on an
 * AMD EPYC (Zen 4, one thread), the GEMMs of one WGAN-GP step took 12.3 ms on MKL's stock path and 10.0 ms on
 * its AVX-512 path; OpenBLAS (which dispatches by instruction set) took 10.3 ms.
 *
 * libtorch links MKL statically but exports MKL's vendor checks (both are needed), so preloading this library (LD_PRELOAD, done by
 * the ./spectrogan launcher on AMD CPUs with AVX-512) makes MKL choose by instruction set: its kernels still
 * check CPUID for every instruction they use; only the vendor gate is answered. Float32 GEMM stays float32
 * (no reduced precision); results differ from the stock path in the last bits only (a different summation
 * order), and are bit-identical run to run. MKL_VERBOSE=1 prints which path MKL took.
 * Turn it off with SPECTROGAN_MKL_VENDOR_FIX=0.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}

int mkl_serv_intel_cpu(void) {
    return 1;
}
