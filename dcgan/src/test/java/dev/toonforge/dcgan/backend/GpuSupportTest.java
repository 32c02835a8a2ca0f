package dev.toonforge.dcgan.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class GpuSupportTest {

    @Test
    void parsesNvidiaSmiCsv() {
        List<GpuSupport.Card> cards = GpuSupport.parse("NVIDIA H200, 9.0\nNVIDIA A100-SXM4-80GB, 8.0\n\n");

        assertThat(cards).containsExactly(
                new GpuSupport.Card("NVIDIA H200", new GpuSupport.Capability(9, 0)),
                new GpuSupport.Card("NVIDIA A100-SXM4-80GB", new GpuSupport.Capability(8, 0)));
    }

    @Test
    void rejectsALineWithoutACapability() {
        assertThatThrownBy(() -> GpuSupport.parse("NVIDIA H200, [N/A]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NVIDIA H200, [N/A]");
    }

    @Test
    void hopperAndNewerCardsHaveNoCode() {
        assertThat(GpuSupport.problem(GpuSupport.parse("NVIDIA H100 80GB HBM3, 9.0")))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("NVIDIA H100 80GB HBM3 (compute capability 9.0)")
                        .contains("no kernel image is available")
                        .contains("CPU build"));
        assertThat(GpuSupport.problem(GpuSupport.parse("NVIDIA B200, 10.0"))).isPresent();
    }

    @Test
    void cardsWithMachineCodeOfTheirMajorVersionRun() {
        // sm_86 code runs on Ada (8.9), sm_37 on a K80 (3.7); nothing covers a K20 (3.5) or Hopper (9.0)
        assertThat(GpuSupport.problem(GpuSupport.parse("NVIDIA A100, 8.0\nNVIDIA L4, 8.9\nTesla K80, 3.7\n"
                + "Tesla V100, 7.0\nTesla T4, 7.5\nTesla P100, 6.0"))).isEmpty();
        assertThat(GpuSupport.problem(GpuSupport.parse("Tesla K20, 3.5"))).isPresent();
    }

    @Test
    void namesOnlyTheCardsThatCannotRun() {
        assertThat(GpuSupport.problem(GpuSupport.parse("NVIDIA L4, 8.9\nNVIDIA H200, 9.0")))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("NVIDIA H200").doesNotContain("NVIDIA L4 ("));
    }
}
