package dev.toonforge.ingest.imaging;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.lept;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Decodes plain YCbCr JPEGs with libjpeg-turbo (SIMD; bundled in Leptonica's native library), optionally shrunk by
 * 2, 4 or 8 inside the decoder (DCT-domain scaling: each 8x8 block is decoded straight to 4x4, 2x2 or 1x1 pixels, an
 * anti-aliased downscale that skips most of the inverse DCT and colour conversion). The JDK's decoder is libjpeg 6b
 * without SIMD and always decodes at full size.
 * <p>
 * Any libjpeg warning (truncated or corrupt data) makes the decode fail here, so that the reference path decides what
 * such a file is. Thread-safe: each call has its own decoder state.
 */
final class ScaledJpegDecoder {

    private static final Logger LOG = Logger.getLogger(ScaledJpegDecoder.class);
    private static final boolean AVAILABLE = load();

    private ScaledJpegDecoder() {
    }

    /** False where the native library cannot be loaded (another OS or CPU, no writable JavaCPP cache folder). */
    static boolean available() {
        return AVAILABLE;
    }

    /** The largest DCT scaling (1, 2, 4 or 8) that keeps a window of {@code side} source pixels at least {@code size}. */
    static int reductionFor(int side, int size) {
        int reduction = 8;
        while (reduction > 1 && (long) side < (long) size * reduction) {
            reduction /= 2;
        }
        return reduction;
    }

    /**
     * The JPEG's pixels as stored (no EXIF orientation applied), about {@code 1/reduction} of the full size in each
     * direction (rounded up), or empty if libjpeg-turbo reports any error or warning.
     */
    static Optional<RgbImage> decode(byte[] jpeg, int reduction) {
        if (!AVAILABLE) {
            return Optional.empty();
        }
        try (BytePointer data = new BytePointer(jpeg); IntPointer warnings = new IntPointer(1)) {
            // hint 0: fail on any warning of bad data (L_JPEG_CONTINUE_WITH_BAD_DATA not set); cmflag 0: no colormap.
            PIX pix = lept.pixReadMemJpeg(data, jpeg.length, 0, reduction, warnings, 0);
            if (pix == null || pix.isNull()) {
                return Optional.empty();
            }
            try {
                if (warnings.get() != 0 || pix.d() != 32) {
                    return Optional.empty();
                }
                return Optional.of(toRgb(pix));
            } finally {
                lept.pixDestroy(pix);
            }
        }
    }

    /** Leptonica's 32-bit pixels are words 0xRRGGBBxx; copied out as R, G, B bytes. */
    private static RgbImage toRgb(PIX pix) {
        int w = pix.w();
        int h = pix.h();
        int wpl = pix.wpl();
        int[] words = new int[wpl * h];
        pix.data().capacity((long) wpl * h).get(words);
        byte[] rgb = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int row = y * wpl;
            for (int x = 0; x < w; x++) {
                int v = words[row + x];
                rgb[o++] = (byte) (v >>> 24);
                rgb[o++] = (byte) (v >>> 16);
                rgb[o++] = (byte) (v >>> 8);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static boolean load() {
        try {
            lept.setMsgSeverity(lept.L_SEVERITY_NONE); // failures fall back to the reference path, which explains them
            return true;
        } catch (Throwable e) {
            LOG.warnf("The libjpeg-turbo JPEG fast path is unavailable (%s); JPEGs are decoded by ImageIO.", e.toString());
            return false;
        }
    }
}
