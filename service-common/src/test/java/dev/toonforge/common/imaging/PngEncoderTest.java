package dev.toonforge.common.imaging;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the encoder writes decodes to the same pixels at either compression; a smooth picture is smaller at the smallest. */
class PngEncoderTest {

    /** Smooth gradients with noise in places: every row filter gets chosen somewhere. */
    private static BufferedImage picture(int w, int h, int alpha) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        SplittableRandom random = new SplittableRandom(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int noise = (x / 32 + y / 32) % 4 == 0 ? random.nextInt(64) : 0;
                int r = (x * 255 / w + noise) & 0xff;
                int g = (y * 255 / h) & 0xff;
                int b = ((x + y) * 2 + noise) & 0xff;
                image.setRGB(x, y, alpha << 24 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void bothCompressionsDecodeToTheSamePixelsAndTheSmallestIsSmaller() throws IOException {
        BufferedImage image = picture(257, 128, 0xff);
        byte[] fastest = PngEncoder.encode(image, PngEncoder.Compression.FASTEST);
        byte[] smallest = PngEncoder.encode(image, PngEncoder.Compression.SMALLEST);
        for (byte[] png : new byte[][] {fastest, smallest}) {
            BufferedImage decoded = decode(png);
            assertThat(decoded.getWidth()).isEqualTo(257);
            assertThat(decoded.getHeight()).isEqualTo(128);
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 257; x++) {
                    assertThat(decoded.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(image.getRGB(x, y));
                }
            }
        }
        BufferedImage smooth = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                smooth.setRGB(x, y, (x * y / 256) << 16 | ((x ^ y) & 0xf0) << 8 | (x + y) / 2);
            }
        }
        assertThat(PngEncoder.encode(smooth, PngEncoder.Compression.SMALLEST).length)
                .isLessThan(PngEncoder.encode(smooth, PngEncoder.Compression.FASTEST).length);
        // the same pixels give the same bytes, whatever was encoded in between on this thread
        assertThat(PngEncoder.encode(image, PngEncoder.Compression.FASTEST)).isEqualTo(fastest);
    }

    @Test
    void alphaIsDroppedAndRgbBytesMustMatchTheSize() throws IOException {
        BufferedImage translucent = picture(8, 8, 0x40);
        BufferedImage decoded = decode(PngEncoder.encode(translucent, PngEncoder.Compression.SMALLEST));
        assertThat(decoded.getColorModel().hasAlpha()).isFalse();
        assertThat(decoded.getRGB(5, 3)).isEqualTo(translucent.getRGB(5, 3) | 0xff000000);
        assertThatThrownBy(() -> PngEncoder.encode(4, 4, new byte[47], PngEncoder.Compression.FASTEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x4x3");
    }
}
