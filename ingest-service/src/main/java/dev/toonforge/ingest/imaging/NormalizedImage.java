package dev.toonforge.ingest.imaging;

/**
 * A stored-ready image: square {@code size}x{@code size} RGB PNG bytes, and {@code sha256}, the hex SHA-256 of the
 * normalized pixels (row-major R,G,B bytes), which names the object and makes re-uploads duplicates.
 * {@code sourceWidth}x{@code sourceHeight}: the upright source picture. {@code decoder}: which decoder read the pixels,
 * {@link #IMAGEIO} or {@link #LIBJPEG_TURBO} followed by the DCT scaling used ("libjpeg-turbo 1/2").
 */
public record NormalizedImage(byte[] png, String sha256, int size, ImageFormat sourceFormat, int sourceWidth,
                              int sourceHeight, String decoder) {

    public static final String IMAGEIO = "ImageIO";
    public static final String LIBJPEG_TURBO = "libjpeg-turbo";
}
