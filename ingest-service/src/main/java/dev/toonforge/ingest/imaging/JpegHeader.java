package dev.toonforge.ingest.imaging;

import java.util.Optional;

/**
 * What the markers before a JPEG's first scan say, read without decoding pixels: the frame's size, how many colour
 * components it has, and whether it carries an ICC profile or an Adobe colour-transform marker. Decides whether a file
 * is a plain YCbCr JPEG that the fast decoder handles exactly like the reference path.
 */
record JpegHeader(int width, int height, int components, int precision, int frameMarker, boolean iccProfile,
                  boolean adobeMarker) {

    /**
     * An 8-bit, 3-component, baseline / extended / progressive Huffman JPEG with neither an ICC profile (the reference
     * path converts those to sRGB) nor an Adobe marker (RGB- or CMYK-coded files): the reference decoder reads these
     * as plain sRGB, and so does libjpeg-turbo.
     */
    boolean plainYCbCr() {
        return components == 3 && precision == 8 && (frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2)
                && !iccProfile && !adobeMarker && width > 0 && height > 0;
    }

    /** The header of a JPEG, or empty when the bytes are not one or its markers end before the frame header. */
    static Optional<JpegHeader> read(byte[] b) {
        try {
            return Optional.ofNullable(scan(b));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JpegHeader scan(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return null;
        }
        boolean icc = false;
        boolean adobe = false;
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xff) != 0xFF) {
                return null;
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return null; // end of image or a scan before any frame header
            }
            int length = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            int data = pos + 4;
            if (length < 2) {
                return null;
            }
            if (marker == 0xE2 && startsWith(b, data, "ICC_PROFILE")) {
                icc = true;
            } else if (marker == 0xEE && startsWith(b, data, "Adobe")) {
                adobe = true;
            } else if (isFrameMarker(marker) && data + 6 <= b.length) {
                int precision = b[data] & 0xff;
                int height = ((b[data + 1] & 0xff) << 8) | (b[data + 2] & 0xff);
                int width = ((b[data + 3] & 0xff) << 8) | (b[data + 4] & 0xff);
                int components = b[data + 5] & 0xff;
                return new JpegHeader(width, height, components, precision, marker, icc, adobe);
            }
            pos += 2 + length;
        }
        return null;
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrameMarker(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] b, int pos, String text) {
        if (pos + text.length() > b.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[pos + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
