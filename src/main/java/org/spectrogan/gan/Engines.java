package org.spectrogan.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.spectrogan.common.SpectroganException;

/** DJL engine selection and threading. */
public final class Engines {
    static final String PYTORCH = "PyTorch";
    static final String MXNET = "MXNet";

    private Engines() {
    }

    /** The engine's canonical name for {@code name} (case-insensitive), or a clear error. */
    static String canonicalName(String name) {
        String n = name == null ? PYTORCH : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "pytorch", "torch", "pt" -> PYTORCH;
            case "mxnet", "mx" -> MXNET;
            default -> throw new SpectroganException("engine '" + name + "' is not supported; choose PyTorch or MXNet");
        };
    }

    /** Loads the engine (offline: natives come from the jars). */
    static Engine get(String name) {
        String canonical = canonicalName(name);
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (PYTORCH.equals(canonical) && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        try {
            if (PYTORCH.equals(canonical)) {
                CudaNatives.prepareForCpu(); // a CUDA build (-Dcuda) on a machine without a GPU: run it on the CPU
            }
            Engine engine = Engine.getEngine(canonical);
            if (engine == null) {
                throw new SpectroganException("engine " + canonical + " is not available in this build");
            }
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            if (e instanceof SpectroganException se) {
                throw se;
            }
            throw new SpectroganException("engine " + canonical + " cannot be loaded (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Sets the intra-op threads of the engine. PyTorch takes it at any time; MXNet reads OMP_NUM_THREADS when the
     * process starts, so for MXNet this is advice only.
     */
    static void setThreads(Engine engine, int threads) {
        if (PYTORCH.equals(engine.getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    /** System property holding the device choice of {@code --device}: auto (default), cpu, gpu or gpu:N. */
    public static final String DEVICE_PROPERTY = "spectrogan.device";

    /**
     * Checks a {@code --device} value (auto, cpu, gpu, gpu:N) and returns it in canonical form; a bad value is a
     * SpectroganException naming it. Whether the GPU exists is checked when an engine starts.
     */
    public static String checkDevice(String spec) {
        String s = spec == null ? "auto" : spec.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("auto") || s.equals("cpu") || s.equals("gpu") || s.matches("gpu:\\d{1,3}")) {
            return s.equals("gpu") ? "gpu:0" : s;
        }
        throw new org.spectrogan.common.SpectroganException("--device '" + spec + "': expected auto, cpu, gpu or gpu:N (N = 0, 1, ...)");
    }

    /**
     * The device to train on, from {@link #DEVICE_PROPERTY}: auto (a GPU when DJL sees one, else the CPU), cpu,
     * or gpu:N (an error when the engine sees fewer than N + 1 GPUs).
     */
    static Device device(Engine engine) {
        String s = checkDevice(System.getProperty(DEVICE_PROPERTY, "auto"));
        if (s.equals("auto")) {
            return engine.defaultDevice();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int n = Integer.parseInt(s.substring(4));
        int gpus = engine.getGpuCount();
        if (n >= gpus) {
            throw new org.spectrogan.common.SpectroganException("--device " + s + ": " + engine.getEngineName() + " sees "
                    + gpus + " GPU(s)" + (gpus == 0 ? " (a CPU build of the native engine, or no CUDA driver)" : ""));
        }
        return Device.gpu(n);
    }

    /** The device the engine would use under the current choice, as text ("cpu()", "gpu(0)"), for logs. */
    public static String deviceName(String engineName) {
        return device(get(engineName)).toString();
    }

    /** How many GPUs the engine sees (0 with a CPU build). */
    public static int gpuCount(String engineName) {
        return get(engineName).getGpuCount();
    }

    /**
     * Whether an NDArray created from a direct buffer shares its memory (PyTorch on the CPU), so that inputs can
     * be refreshed by writing into the buffer without a copy.
     */
    static boolean sharesDirectBuffers(Engine engine, Device device) {
        return PYTORCH.equals(engine.getEngineName()) && !device.isGpu();
    }
}
