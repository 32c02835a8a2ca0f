package dev.toonforge.trainer.ownership;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * This trainer process among the others: {@code trainer-gpu-<id>} when it was built with the CUDA backend,
 * {@code trainer-cpu-<id>} otherwise. It is the Kafka client id of its ownership consumer (so a creating trainer sees
 * which members have a GPU), the {@code trainer} of the runs it trains and the instance in their owner markers.
 */
@ApplicationScoped
public class TrainerInstance {

    static final String GPU_PREFIX = "trainer-gpu-";
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private final String id;

    public TrainerInstance() {
        this.id = (hasGpuBackend() ? GPU_PREFIX : "trainer-cpu-") + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }

    /** Whether a member's client id names a trainer with a GPU. */
    static boolean isGpu(String clientId) {
        return clientId != null && clientId.startsWith(GPU_PREFIX);
    }

    /** The CUDA backend on the class path (looked up without initializing ND4J). */
    private static boolean hasGpuBackend() {
        try {
            Class.forName(CUDA_BACKEND, false, TrainerInstance.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
