package dev.toonforge.ingest.imaging;

import dev.toonforge.ingest.config.IngestSettings;
import dev.toonforge.ingest.config.IngestSettings.ResizeFilter;
import dev.toonforge.ingest.config.IngestSettings.SquareMode;

import java.util.HexFormat;

/** What every stored image must satisfy and how it is made square. */
public record NormalizationRules(long maxPixels, int minSide, SquareMode square, int backgroundRgb, ResizeFilter filter) {

    public static NormalizationRules defaults() {
        return new NormalizationRules(40_000_000L, 16, SquareMode.crop, 0xffffff, ResizeFilter.area);
    }

    public static NormalizationRules of(IngestSettings settings) {
        return new NormalizationRules(settings.maxPixels(), settings.minSide(), settings.square(),
                parseRgb(settings.background()), settings.filter());
    }

    /** "ffffff", "#FFFFFF" → 0xffffff. */
    public static int parseRgb(String hex) {
        String digits = hex.startsWith("#") ? hex.substring(1) : hex;
        if (digits.length() != 6) {
            throw new IllegalArgumentException("background '" + hex + "' is not an RRGGBB colour such as ffffff");
        }
        return HexFormat.fromHexDigits(digits);
    }
}
