package dev.toonforge.dcgan.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBackendTest {

    @Test
    void aCpuBuildRunsOpenBlasOnTheCallingThread() {
        assertThat(NativeBackend.isCpu()).isTrue();
        Dcgan.create(DcganConfig.forPreset("tiny-32"), 1);   // configures the backend first
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);

        Nd4j.factory().blas().setMaxThreads(2);   // what ND4J sets on its own on a two-core machine: one per core
        NativeBackend.configure();

        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
        assertThat(NativeBackend.describe()).startsWith("CPU with oneDNN, layer helpers on");
    }
}
