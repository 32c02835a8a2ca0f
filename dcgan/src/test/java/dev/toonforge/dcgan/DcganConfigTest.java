package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DcganConfigTest {

    @Test
    void propertiesRoundTripWithAugmentationsAndEma() {
        DcganConfig config = DcganConfig.forPreset("tiny-32")
                .withAugment(EnumSet.of(Augmentation.COLOR, Augmentation.FLIP, Augmentation.CUTOUT)).withEmaDecay(0.999);
        Properties p = config.toProperties();
        assertThat(p.getProperty("augment")).isEqualTo("flip,color,cutout");
        assertThat(DcganConfig.fromProperties(p)).isEqualTo(config);
    }

    @Test
    void propertiesWrittenBeforeAugmentationsAndEmaStillLoad() {
        Properties old = DcganConfig.forPreset("tiny-32").toProperties();
        old.remove("augment");
        old.remove("emaDecay");
        old.setProperty("randomFlip", "true");
        DcganConfig flipped = DcganConfig.fromProperties(old);
        assertThat(flipped.augment()).containsExactly(Augmentation.FLIP);
        assertThat(flipped.randomFlip()).isTrue();
        assertThat(flipped.emaDecay()).isZero();
        assertThat(flipped.ema()).isFalse();

        old.setProperty("randomFlip", "false");
        assertThat(DcganConfig.fromProperties(old).augment()).isEmpty();
    }

    @Test
    void randomFlipIsFlipInTheSet() {
        DcganConfig config = DcganConfig.forPreset("tiny-32");
        assertThat(config.augment()).isEqualTo(Set.of(Augmentation.FLIP));
        DcganConfig noFlip = config.withAugment(EnumSet.of(Augmentation.TRANSLATION)).withRandomFlip(false);
        assertThat(noFlip.randomFlip()).isFalse();
        assertThat(noFlip.augment()).containsExactly(Augmentation.TRANSLATION);
        assertThat(noFlip.withRandomFlip(true).augment()).containsExactly(Augmentation.FLIP, Augmentation.TRANSLATION);
        assertThat(noFlip.diffAugment()).isTrue();
        assertThat(config.diffAugment()).isFalse();
        // the seed's constructor with its boolean still works
        DcganConfig seedStyle = new DcganConfig(config.preset(), 100, 64, 2e-4, 2e-4, 0.5, 0.05, 0.9, 0, 1, true,
                DcganConfig.NoiseDistribution.UNIFORM);
        assertThat(seedStyle).isEqualTo(config);
    }

    @Test
    void augmentationIdsAreLowerCaseAndUnknownOnesAreNamed() {
        assertThat(Augmentation.byId("translation")).isEqualTo(Augmentation.TRANSLATION);
        assertThat(Augmentation.parseIds(" color, flip ,")).containsExactly(Augmentation.FLIP, Augmentation.COLOR);
        assertThatThrownBy(() -> Augmentation.byId("Colour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Colour'").hasMessageContaining("flip, translation, color, cutout");
    }

    @Test
    void emaDecayOutsideItsRangeIsRefused() {
        DcganConfig config = DcganConfig.forPreset("tiny-32");
        assertThat(config.withEmaDecay(0.9).emaDecay()).isEqualTo(0.9);
        assertThatThrownBy(() -> config.withEmaDecay(0.5)).hasMessageContaining("emaDecay must be 0 (off) or in [0.9, 1)");
        assertThatThrownBy(() -> config.withEmaDecay(1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
