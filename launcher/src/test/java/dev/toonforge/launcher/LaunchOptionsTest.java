package dev.toonforge.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arguments of {@code ./toonforge up}: {@code --no-demo} and {@code --scale}, and the messages for wrong ones. */
class LaunchOptionsTest {

    @Test
    void withoutArgumentsEverythingRunsOnceWithTheDemo() {
        LaunchOptions options = LaunchOptions.parse(List.of());

        assertThat(options.demo()).isTrue();
        for (String service : List.of("ingest-service", "trainer-service", "sampler-service", "gallery-ui")) {
            assertThat(options.scale().of(service)).as(service).isEqualTo(1);
        }
    }

    @Test
    void scaleNamesInstancesPerServiceInEitherSpelling() {
        LaunchOptions options = LaunchOptions.parse(List.of("--no-demo", "--scale", "ingest=2, trainer=3,sampler-service=2"));

        assertThat(options.demo()).isFalse();
        assertThat(options.scale().of("ingest-service")).isEqualTo(2);
        assertThat(options.scale().of("trainer-service")).isEqualTo(3);
        assertThat(options.scale().of("sampler")).isEqualTo(2);
        assertThat(LaunchOptions.parse(List.of("--scale=ingest=4")).scale().of("ingest")).isEqualTo(4);
        assertThat(LaunchOptions.parse(List.of("--scale=ingest=4")).scale().of("trainer")).isEqualTo(1);
    }

    @Test
    void anUnknownServiceIsRefusedNamingTheOnesThatScale() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--scale", "ingest=2,painter=2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--scale: unknown service 'painter'; it takes ingest, trainer, sampler (the gallery runs once)");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--scale", "gallery=2")))
                .hasMessageContaining("unknown service 'gallery'");
    }

    @Test
    void zeroNegativeTooManyAndNonNumericCountsAreRefused() {
        assertThatThrownBy(() -> Scale.parse("ingest=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--scale: ingest=0 is out of range; each service runs 1 to 8 instances");
        assertThatThrownBy(() -> Scale.parse("trainer=-1")).hasMessageContaining("trainer=-1 is out of range");
        assertThatThrownBy(() -> Scale.parse("sampler=9")).hasMessageContaining("sampler=9 is out of range");
        assertThatThrownBy(() -> Scale.parse("ingest=two")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--scale: ingest=two is not a whole number of instances");
        assertThatThrownBy(() -> Scale.parse("ingest=1.5")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Scale.parse("ingest=")).hasMessageContaining("not a whole number");
    }

    @Test
    void malformedScaleValuesAreRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--scale"))).hasMessageContaining("--scale needs a value");
        assertThatThrownBy(() -> Scale.parse("ingest")).hasMessageContaining("'ingest' is not service=count");
        assertThatThrownBy(() -> Scale.parse("ingest=2,,trainer=2")).hasMessageContaining("'' is not service=count");
        assertThatThrownBy(() -> Scale.parse("ingest=2,ingest=3")).hasMessage("--scale: ingest is given twice");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--scale", "ingest=2", "--scale", "trainer=2")))
                .hasMessageContaining("--scale is given twice");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--scael", "ingest=2")))
                .hasMessageStartingWith("unknown argument '--scael'; usage: ./toonforge up");
    }
}
