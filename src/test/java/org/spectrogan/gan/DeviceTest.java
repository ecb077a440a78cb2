package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.SpectroganException;

/** --device: parsing, the CPU choice, a clear error for a missing GPU, and a GPU run where DJL sees one. */
class DeviceTest {
    @Test
    void deviceValuesAreCheckedAndCanonical() {
        assertEquals("auto", Engines.checkDevice("auto"));
        assertEquals("cpu", Engines.checkDevice(" CPU "));
        assertEquals("gpu:0", Engines.checkDevice("gpu"));
        assertEquals("gpu:2", Engines.checkDevice("gpu:2"));
        SpectroganException e = assertThrows(SpectroganException.class, () -> Engines.checkDevice("cuda"));
        assertEquals("--device 'cuda': expected auto, cpu, gpu or gpu:N (N = 0, 1, ...)", e.getMessage());
    }

    @Test
    void cpuIsHonouredAndAMissingGpuIsAClearError() {
        Engine engine = Engines.get(Engines.PYTORCH);
        String saved = System.getProperty(Engines.DEVICE_PROPERTY);
        try {
            System.setProperty(Engines.DEVICE_PROPERTY, "cpu");
            assertEquals(Device.cpu(), Engines.device(engine));
            int gpus = engine.getGpuCount();
            System.setProperty(Engines.DEVICE_PROPERTY, "gpu:" + gpus);
            SpectroganException e = assertThrows(SpectroganException.class, () -> Engines.device(engine));
            assertEquals(true, e.getMessage().contains("sees " + gpus + " GPU(s)"), e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(Engines.DEVICE_PROPERTY);
            } else {
                System.setProperty(Engines.DEVICE_PROPERTY, saved);
            }
        }
    }

    @Test
    void aMatrixProductOnTheGpuMatchesTheCpu() {
        Engine engine = Engines.get(Engines.PYTORCH);
        assumeTrue(engine.getGpuCount() > 0, "skipped: DJL's PyTorch sees no GPU (CPU native build or no CUDA driver); "
                + "build with -Dcuda on a machine with an NVIDIA GPU to run it");
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {0.5f, -1, 2, 0.25f, 3, -2};
        float[] cpu;
        float[] gpu;
        try (NDManager m = engine.newBaseManager(Device.cpu())) {
            NDArray x = m.create(a, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray y = m.create(b, new ai.djl.ndarray.types.Shape(3, 2));
            cpu = x.matMul(y).toFloatArray();
        }
        try (NDManager m = engine.newBaseManager(Device.gpu(0))) {
            NDArray x = m.create(a, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray y = m.create(b, new ai.djl.ndarray.types.Shape(3, 2));
            gpu = x.matMul(y).toFloatArray();
        }
        // by hand: [1 2 3; 4 5 6] x [0.5 -1; 2 0.25; 3 -2] = [13.5 -6.5; 30 -14.75]
        assertArrayEquals(new float[] {13.5f, -6.5f, 30f, -14.75f}, cpu, 1e-5f);
        assertArrayEquals(cpu, gpu, 1e-4f);
    }
}
