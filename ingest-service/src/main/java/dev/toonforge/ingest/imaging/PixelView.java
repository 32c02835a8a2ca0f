package dev.toonforge.ingest.imaging;

/**
 * Opaque 8-bit pixels, three interleaved bytes per pixel, read in place: {@code data[offset + y * scanline + x * 3 + r]}
 * is the red of pixel (x, y) (likewise {@code g}, {@code b}). Lets the resampler read a decoder's BGR buffer directly.
 */
public record PixelView(byte[] data, int offset, int scanline, int r, int g, int b, int width, int height) {

    public static PixelView of(RgbImage image) {
        return new PixelView(image.pixels(), 0, image.width() * 3, 0, 1, 2, image.width(), image.height());
    }
}
