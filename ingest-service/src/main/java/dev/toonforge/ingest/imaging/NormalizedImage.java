package dev.toonforge.ingest.imaging;

/**
 * A stored-ready image: square {@code size}x{@code size} RGB PNG bytes, and {@code sha256}, the hex SHA-256 of the
 * normalized pixels (row-major R,G,B bytes), which names the object and makes re-uploads duplicates.
 */
public record NormalizedImage(byte[] png, String sha256, int size, ImageFormat sourceFormat, int sourceWidth,
                              int sourceHeight) {
}
