package dev.toonforge.sampler.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies {@code toonforge.sampler.compute-threads} to ND4J before any generator is loaded. OpenMP (which oneDNN's
 * kernels run on) takes its thread count per thread: {@code GeneratorBatcher} applies it on the generator thread.
 * OpenBLAS always runs on the calling thread (the DCGAN library's {@code NativeBackend} sets it).
 */
public class ComputeThreads {

    private static final Logger LOG = Logger.getLogger(ComputeThreads.class);

    void onStart(@Observes @Priority(1) StartupEvent event, SamplerSettings settings) {
        int threads = settings.computeThreads();
        if (threads <= 0) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        LOG.infof("ND4J limited to %d thread(s) per generator pass", threads);
    }
}
