package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class DemoFacesTest {

    @Test
    void theSameSeedDrawsTheSameFaceAndOthersDiffer() {
        assertThat(pixels(DemoFaces.face(1, 64))).isEqualTo(pixels(DemoFaces.face(1, 64)));
        assertThat(pixels(DemoFaces.face(1, 64))).isNotEqualTo(pixels(DemoFaces.face(2, 64)));
    }

    @Test
    void theZipHoldsOnePngPerFace() throws Exception {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(DemoFaces.zip(5, 7, 64)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(zip.readAllBytes()));
                assertThat(image.getWidth()).isEqualTo(64);
                assertThat(e.getName()).matches("demo-faces/face-\\d{4}\\.png");
                entries++;
            }
        }
        assertThat(entries).isEqualTo(5);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
