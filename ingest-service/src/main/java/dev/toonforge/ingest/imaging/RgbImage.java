package dev.toonforge.ingest.imaging;

/** Opaque 8-bit sRGB pixels, row-major, three bytes (R, G, B) per pixel. */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes for " + width + "x" + height);
        }
    }

    public int rgb(int x, int y) {
        int i = (y * width + x) * 3;
        return ((pixels[i] & 0xff) << 16) | ((pixels[i + 1] & 0xff) << 8) | (pixels[i + 2] & 0xff);
    }

    /** Applies an EXIF orientation (1..8) so that the picture is upright. */
    public RgbImage oriented(int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return this;
        }
        boolean swap = orientation >= 5;
        int w = swap ? height : width;
        int h = swap ? width : height;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // (sx, sy): the stored pixel that shows at (x, y) once the picture is upright.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = width - 1 - x; sy = y; }
                    case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
                    case 4 -> { sx = x; sy = height - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = height - 1 - x; }
                    case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
                    default -> { sx = width - 1 - y; sy = x; } // 8
                }
                int from = (sy * width + sx) * 3;
                int to = (y * w + x) * 3;
                out[to] = pixels[from];
                out[to + 1] = pixels[from + 1];
                out[to + 2] = pixels[from + 2];
            }
        }
        return new RgbImage(w, h, out);
    }
}
