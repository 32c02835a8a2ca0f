package dev.toonforge.ingest.imaging;

/**
 * Reads the EXIF Orientation tag (1..8) of a JPEG from its APP1 segment, without decoding pixels. Phones store
 * photos sideways and set this tag; anything unreadable counts as 1 (upright), never as an error.
 */
public final class ExifOrientation {

    public static final int UPRIGHT = 1;
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    public static int ofJpeg(byte[] jpeg) {
        try {
            return scan(jpeg);
        } catch (RuntimeException e) {
            return UPRIGHT;
        }
    }

    private static int scan(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return UPRIGHT;
        }
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xff) != 0xFF) {
                return UPRIGHT;
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return UPRIGHT;
            }
            int length = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            int data = pos + 4;
            if (marker == 0xE1 && length >= 8 && data + 6 <= b.length && b[data] == 'E' && b[data + 1] == 'x'
                    && b[data + 2] == 'i' && b[data + 3] == 'f' && b[data + 4] == 0 && b[data + 5] == 0) {
                return fromTiff(b, data + 6, Math.min(b.length, pos + 2 + length));
            }
            pos += 2 + length;
        }
        return UPRIGHT;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        long ifd = u32(b, tiff + 4, little);
        int ifdPos = (int) (tiff + ifd);
        if (ifd < 8 || ifdPos + 2 > end) {
            return UPRIGHT;
        }
        int count = u16(b, ifdPos, little);
        for (int i = 0; i < count; i++) {
            int entry = ifdPos + 2 + i * 12;
            if (entry + 12 > end) {
                return UPRIGHT;
            }
            if (u16(b, entry, little) == TAG_ORIENTATION) {
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    private static int u16(byte[] b, int p, boolean little) {
        int a = b[p] & 0xff;
        int c = b[p + 1] & 0xff;
        return little ? (c << 8) | a : (a << 8) | c;
    }

    private static long u32(byte[] b, int p, boolean little) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = little ? 8 * i : 8 * (3 - i);
            v |= (long) (b[p + i] & 0xff) << shift;
        }
        return v;
    }
}
