package dev.toonforge.trainer.service;

import org.nd4j.linalg.factory.Nd4j;

/** "CPU" or "GPU (name)", from the ND4J backend this process was built with. */
final class Backend {

    private Backend() {
    }

    static String describe() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        if (backend.toLowerCase().contains("cuda") || backend.toLowerCase().contains("cublas")) {
            Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
            return "GPU" + (devices != null ? " " + devices : "");
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
