package dev.toonforge.dcgan.backend;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs which ND4J backend, device and thread count this process computes with, once; first stops a CUDA build on a
 * card it has no code for ({@link GpuSupport}).
 */
public final class BackendInfo {

    private static final Logger LOG = LoggerFactory.getLogger(BackendInfo.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private BackendInfo() {
    }

    public static void logOnce() {
        GpuSupport.requireRunnableCards();
        if (!LOGGED.compareAndSet(false, true)) {
            return;
        }
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        LOG.info("ND4J backend {} ({}), device {}, BLAS {}, {} threads of {} cores",
                Nd4j.getBackend().getClass().getSimpleName(), NativeBackend.describe(),
                env.getOrDefault("cuda.devicesInformation", "CPU"), env.getOrDefault("blas.vendor", "?"),
                env.getOrDefault("omp.threads", "?"), env.getOrDefault("cores", Runtime.getRuntime().availableProcessors()));
    }
}
