package dev.toonforge.trainer.service;

import dev.toonforge.dcgan.backend.GpuSupport;

import org.nd4j.linalg.factory.Nd4j;

/**
 * "CPU" or "GPU (name)", from the ND4J backend this process was built with. A run's first touch of ND4J: a CUDA
 * build on a card it has no code for fails the run here, with {@link GpuSupport}'s message.
 */
final class TrainingDevice {

    private TrainingDevice() {
    }

    static String describe() {
        GpuSupport.requireRunnableCards();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        if (backend.toLowerCase().contains("cuda") || backend.toLowerCase().contains("cublas")) {
            Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
            return "GPU" + (devices != null ? " " + devices : "");
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
