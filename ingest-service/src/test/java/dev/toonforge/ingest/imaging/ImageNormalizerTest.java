package dev.toonforge.ingest.imaging;

import dev.toonforge.ingest.config.IngestSettings.ResizeFilter;
import dev.toonforge.ingest.config.IngestSettings.SquareMode;
import dev.toonforge.ingest.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ImageNormalizerTest {

    private final ImageNormalizer normalizer = new ImageNormalizer(NormalizationRules.defaults());

    @ParameterizedTest
    @EnumSource(ResizeFilter.class)
    void transparentPngWithRedEdgedShapeHasNoDarkFringe(ResizeFilter filter) throws Exception {
        // Fully transparent pixels hold black: premultiplied or post-resize flattening would bleed it into the edge.
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.RED);
        g.fillOval(40, 40, 220, 220);
        g.setStroke(new BasicStroke(3));
        g.drawOval(20, 20, 260, 260);
        g.dispose();
        ImageNormalizer n = new ImageNormalizer(new NormalizationRules(40_000_000, 16, SquareMode.crop, 0xffffff, filter));

        RgbImage out = decode(n.normalize(TestFiles.png(image), 64).png());

        int darkest = 255;
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                int rgb = out.rgb(x, y);
                darkest = Math.min(darkest, (rgb >> 16) & 0xff);
                // Between the red shape and the white background, never below red in any channel that red has.
                assertThat((rgb >> 16) & 0xff).as("red at %d,%d", x, y).isGreaterThanOrEqualTo(254);
                assertThat(Math.abs(((rgb >> 8) & 0xff) - (rgb & 0xff))).as("green = blue at %d,%d", x, y).isLessThanOrEqualTo(1);
            }
        }
        assertThat(out.rgb(32, 32)).isEqualTo(0xff0000);
        assertThat(out.rgb(0, 0)).isEqualTo(0xffffff);
        assertThat(darkest).isGreaterThanOrEqualTo(254);
    }

    @Test
    void tallImageIsCenterCroppedWithoutDistortion() throws Exception {
        BufferedImage image = new BufferedImage(200, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 600);
        g.setColor(Color.BLACK);
        g.fillOval(20, 220, 160, 160); // a circle in the middle square
        g.fillRect(0, 0, 200, 150);    // bars above and below it, cropped away
        g.fillRect(0, 450, 200, 150);
        g.dispose();

        RgbImage out = decode(normalizer.normalize(TestFiles.png(image), 100).png());

        int[] box = darkBox(out);
        int width = box[2] - box[0] + 1;
        int height = box[3] - box[1] + 1;
        assertThat(width).isBetween(78, 82);
        assertThat(height).as("a circle stays round").isCloseTo(width, org.assertj.core.api.Assertions.within(1));
        assertThat(out.rgb(50, 2)).isEqualTo(0xffffff);
    }

    @Test
    void tallImageCanBePaddedInstead() throws Exception {
        BufferedImage image = new BufferedImage(200, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 200, 600);
        g.dispose();
        ImageNormalizer padding = new ImageNormalizer(
                new NormalizationRules(40_000_000, 16, SquareMode.pad, 0xffffff, ResizeFilter.area));

        RgbImage out = decode(padding.normalize(TestFiles.png(image), 120).png());

        int[] box = darkBox(out);
        assertThat(box[3] - box[1] + 1).isEqualTo(120);
        assertThat(box[2] - box[0] + 1).isBetween(40, 42);
        assertThat(out.rgb(5, 60)).isEqualTo(0xffffff);
        assertThat(out.rgb(60, 60)).isEqualTo(0x000000);
    }

    @Test
    void exifRotatedJpegComesOutUpright() throws Exception {
        // Stored sideways as a phone does: 80 wide, 40 high, left half red, right half blue, Orientation=6
        // ("rotate 90 degrees clockwise to view"): upright it is 40 wide, 80 high, red on top.
        BufferedImage sideways = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sideways.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 40);
        g.setColor(Color.BLUE);
        g.fillRect(40, 0, 40, 40);
        g.dispose();
        byte[] jpeg = withExifOrientation(TestFiles.write(sideways, "jpeg"), 6);
        assertThat(ExifOrientation.ofJpeg(jpeg)).isEqualTo(6);

        ImageNormalizer padding = new ImageNormalizer(
                new NormalizationRules(40_000_000, 16, SquareMode.pad, 0xffffff, ResizeFilter.area));
        NormalizedImage normalized = padding.normalize(jpeg, 32);
        RgbImage out = decode(normalized.png());

        assertThat(normalized.sourceWidth()).isEqualTo(40);
        assertThat(normalized.sourceHeight()).isEqualTo(80);
        assertThat(isReddish(out.rgb(16, 6))).as("top is red").isTrue();
        assertThat(isBluish(out.rgb(16, 26))).as("bottom is blue").isTrue();
        assertThat(out.rgb(1, 16)).as("padding left and right").isEqualTo(0xffffff);
    }

    @Test
    void cmykJpegHasSaneColours() throws Exception {
        // Adobe-style CMYK JPEG (APP14 'Adobe', transform 0, inverted samples as Photoshop writes them):
        // left half pure magenta ink, right half pure yellow ink.
        BufferedImage cmyk = new BufferedImage(64, 64, BufferedImage.TYPE_4BYTE_ABGR);
        WritableRaster raster = cmyk.getRaster().createCompatibleWritableRaster(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int[] ink = x < 32 ? new int[]{0, 255, 0, 0} : new int[]{0, 0, 255, 0};
                for (int b = 0; b < 4; b++) {
                    raster.setSample(x, y, b, 255 - ink[b]);
                }
            }
        }
        byte[] jpeg = withAdobeMarker(writeRasterJpeg(raster));

        NormalizedImage normalized = normalizer.normalize(jpeg, 32);
        RgbImage out = decode(normalized.png());

        assertThat(normalized.decoder()).as("CMYK is left to ImageIO").isEqualTo(NormalizedImage.IMAGEIO);
        int magenta = out.rgb(8, 16);
        int yellow = out.rgb(24, 16);
        assertThat((magenta >> 16) & 0xff).as("magenta red").isGreaterThan(180);
        assertThat((magenta >> 8) & 0xff).as("magenta green").isLessThan(90);
        assertThat(magenta & 0xff).as("magenta blue").isGreaterThan(90);
        assertThat((yellow >> 16) & 0xff).as("yellow red").isGreaterThan(200);
        assertThat((yellow >> 8) & 0xff).as("yellow green").isGreaterThan(200);
        assertThat(yellow & 0xff).as("yellow blue").isLessThan(90);
    }

    @Test
    void greyPngKeepsItsTone() throws Exception {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        RgbImage out = decode(normalizer.normalize(TestFiles.png(grey), 32).png());
        assertThat(out.rgb(10, 10)).isEqualTo(0x646464);
    }

    @Test
    void everyAcceptedFormatDecodes() throws Exception {
        assertThat(normalizer.normalize(TestFiles.png(50, 40, 1), 32).sourceFormat()).isEqualTo(ImageFormat.PNG);
        assertThat(normalizer.normalize(TestFiles.jpeg(50, 40, 1), 32).sourceFormat()).isEqualTo(ImageFormat.JPEG);
        assertThat(normalizer.normalize(TestFiles.gif(50, 40, 1), 32).sourceFormat()).isEqualTo(ImageFormat.GIF);
        assertThat(normalizer.normalize(TestFiles.bmp(50, 40, 1), 32).sourceFormat()).isEqualTo(ImageFormat.BMP);
        // 24x24 solid (0,128,255), lossless WebP written by Pillow 9.4.
        byte[] webp = Base64.getDecoder().decode("UklGRhwAAABXRUJQVlA4TBAAAAAvF8AFAAdQwOh//wMR0f8A");
        NormalizedImage image = normalizer.normalize(webp, 32);
        assertThat(image.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat(decode(image.png()).rgb(16, 16)).isEqualTo(0x0080ff);
    }

    @Test
    void outputIsADeterministicRgbPngOfTheRequestedSize() throws Exception {
        byte[] jpeg = TestFiles.jpeg(500, 300, 7);
        NormalizedImage a = normalizer.normalize(jpeg, 128);
        NormalizedImage b = normalizer.normalize(jpeg, 128);
        assertThat(a.sha256()).isEqualTo(b.sha256()).hasSize(64);
        assertThat(a.png()).isEqualTo(b.png());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(a.png()));
        assertThat(png.getWidth()).isEqualTo(128);
        assertThat(png.getHeight()).isEqualTo(128);
        assertThat(png.getColorModel().hasAlpha()).isFalse();
        assertThat(png.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(ImageNormalizer.sha256(decode(a.png()).pixels())).isEqualTo(a.sha256());
    }

    @Test
    void readingTheDecoderBufferDirectlyGivesTheSamePixelsAsFlatteningFirst() throws Exception {
        byte[] jpeg = TestFiles.jpeg(300, 220, 9);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(AlphaFlattener.directView(decoded)).as("a JPEG decodes to a buffer that can be read in place").isNotNull();
        RgbImage viaCopy = SquareResampler.resample(PixelView.of(AlphaFlattener.flatten(decoded, 0xffffff)), 40, 0, 220, 64,
                ResizeFilter.area, 0xffffff);
        ImageNormalizer imageIoOnly = new ImageNormalizer(NormalizationRules.defaults(), false);
        assertThat(decode(imageIoOnly.normalize(jpeg, 64).png()).pixels()).isEqualTo(viaCopy.pixels());
    }

    @Test
    void contentNotNameDecidesTheFormat() throws Exception {
        // The normalizer never sees names; a JPEG is a JPEG whatever it is called.
        assertThat(normalizer.normalize(TestFiles.jpeg(40, 40, 3), 32).sourceFormat()).isEqualTo(ImageFormat.JPEG);
    }

    static RgbImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return AlphaFlattener.flatten(image, 0xffffff);
    }

    private static int[] darkBox(RgbImage img) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if ((img.rgb(x, y) & 0xff) < 128) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[]{minX, minY, maxX, maxY};
    }

    private static boolean isReddish(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) < 60;
    }

    private static boolean isBluish(int rgb) {
        return ((rgb >> 16) & 0xff) < 60 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) > 200;
    }

    /** Inserts an APP1 'Exif' segment holding only IFD0 with Orientation right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
                'M', 'M', 0, 42, 0, 0, 0, 8,           // big-endian TIFF header, IFD0 at 8
                0, 1,                                 // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1,         // Orientation, SHORT, count 1
                0, (byte) orientation, 0, 0,          // value, padded
                0, 0, 0, 0};                          // no next IFD
        return insertSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), tiff));
    }

    private static byte[] withAdobeMarker(byte[] jpeg) {
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}; // version 100, flags 0, transform 0 (CMYK)
        return insertSegment(jpeg, 0xEE, adobe);
    }

    private static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] writeRasterJpeg(WritableRaster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
