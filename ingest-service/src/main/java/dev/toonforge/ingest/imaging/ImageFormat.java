package dev.toonforge.ingest.imaging;

import java.util.Locale;
import java.util.Optional;

/** The formats a dataset accepts. The bytes decide which one a file is, never its name. */
public enum ImageFormat {
    PNG, JPEG, GIF, BMP, WEBP;

    /** Maps an ImageIO reader's format name (e.g. "jpeg", "JPEG", "jpg", "webp") to an accepted format. */
    public static Optional<ImageFormat> ofReaderFormatName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpeg", "jpg" -> Optional.of(JPEG);
            case "gif" -> Optional.of(GIF);
            case "bmp" -> Optional.of(BMP);
            case "webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }
}
