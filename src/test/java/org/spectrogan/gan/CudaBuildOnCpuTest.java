package org.spectrogan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA build of PyTorch ({@code ./mvnw -Dcuda}) starts on a machine without a GPU and trains a small GAN on the
 * CPU, so a GPU machine only switches the device. Runs only under the cuda profile on such a machine; skipped with
 * the reason otherwise.
 */
class CudaBuildOnCpuTest {
    @TempDir
    Path tmp;

    @Test
    void theCudaBuildLoadsAndTrainsOnTheCpu() {
        List<CudaNatives.Build> bundled = CudaNatives.bundled(CudaBuildOnCpuTest.class.getClassLoader());
        assumeTrue(!bundled.isEmpty() && bundled.stream().allMatch(CudaNatives.Build::isCuda),
                "skipped: the bundled PyTorch is not a CUDA build (" + bundled.stream().map(CudaNatives.Build::flavor).toList()
                        + "); run ./mvnw -Dcuda test -Dtest=CudaBuildOnCpuTest to test the CUDA build on the CPU");
        assumeTrue(ai.djl.util.cuda.CudaUtils.getGpuCount() == 0,
                "skipped: DJL sees a GPU, so it takes the CUDA build itself (DeviceTest runs on the GPU)");

        Engine engine = Engines.get(Engines.PYTORCH);
        CudaNatives.Build cuda = bundled.get(0);
        Path unpacked = CudaNatives.prepareForCpu().orElseThrow();
        assertEquals(unpacked.toString(), ai.djl.pytorch.jni.LibUtils.getLibtorchPath(), "libtorch from the unpacked CUDA build");
        assertTrue(Files.isRegularFile(unpacked.resolve("libtorch_cuda.so")), "the CUDA libraries are there");
        assertTrue(cuda.version().startsWith(engine.getVersion()), cuda.version() + " vs " + engine.getVersion());
        assertEquals(0, engine.getGpuCount());
        assertEquals(Device.cpu(), Engines.device(engine));

        // the same check as GanTrainingTest: each synthetic class mean lies near its own real class mean
        TrainingSet data = GanTestData.twoClasses(1);
        int steps = 1000;
        try (GanModel model = Gan.train(data, GanTestData.small(GanConfig.Loss.WGAN_GP, steps, Engines.PYTORCH),
                tmp.resolve("m"), false, TrainingListener.NONE)) {
            assertEquals(steps, model.lossHistory().size());
            GanTestData.assertEachClassMeanNearItsRealMean(model, data);
        }
    }
}
