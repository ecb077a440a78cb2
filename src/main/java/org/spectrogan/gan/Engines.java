package org.spectrogan.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.spectrogan.common.SpectroganException;

/** DJL engine selection and threading. */
final class Engines {
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

    /** The device to train on: a GPU when DJL sees one, else the CPU. */
    static Device device(Engine engine) {
        return engine.defaultDevice();
    }

    /**
     * Whether an NDArray created from a direct buffer shares its memory (PyTorch on the CPU), so that inputs can
     * be refreshed by writing into the buffer without a copy.
     */
    static boolean sharesDirectBuffers(Engine engine, Device device) {
        return PYTORCH.equals(engine.getEngineName()) && !device.isGpu();
    }
}
