package dev.toonforge.common.imaging;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs: no metadata, a chosen {@link Compression}. The same pixels always give the same bytes on the
 * same JDK, and encoding is faster than the general ImageIO writer's. Stored images take {@link Compression#SMALLEST};
 * images written once per training epoch take {@link Compression#FASTEST}, since noisy generated pixels barely
 * compress either way.
 */
public final class PngEncoder {

    /** How hard the encoder works for a smaller file. */
    public enum Compression {
        /** Each row gets the filter that suits it best, then zlib level 6. */
        SMALLEST(6, true),
        /**
         * Rows go unfiltered to zlib level 1: choosing a filter per row costs about as much as the deflating, and on
         * generated pixels it saves a few percent at most.
         */
        FASTEST(1, false);

        final int level;
        final boolean filtered;

        Compression(int level, boolean filtered) {
            this.level = level;
            this.filtered = filtered;
        }
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    /** The image's RGB (alpha, if any, dropped). */
    public static byte[] encode(BufferedImage image, Compression compression) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return encode(w, h, rgb, compression);
    }

    /** @param rgb row-major, three bytes (R, G, B) per pixel */
    public static byte[] encode(int w, int h, byte[] rgb, Compression compression) {
        if (w < 1 || h < 1 || rgb.length != w * h * 3) {
            throw new IllegalArgumentException("expected " + w + "x" + h + "x3 bytes, got " + rgb.length);
        }
        Workspace ws = WORKSPACE.get();
        byte[] filtered = ws.rows(rgb, w, h, compression.filtered);
        int filteredLength = (w * 3 + 1) * h;
        Deflater deflater = ws.deflater(compression);
        deflater.reset();
        deflater.setInput(filtered, 0, filteredLength);
        deflater.finish();
        byte[] idat = ws.compressed(filteredLength + filteredLength / 1000 + 1024);
        int n = 0;
        while (!deflater.finished()) {
            if (n == idat.length) {
                idat = ws.compressed(idat.length * 2);
            }
            n += deflater.deflate(idat, n, idat.length - n);
        }
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        byte[] out = new byte[SIGNATURE.length + 12 + ihdr.length + 12 + n + 12];
        System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
        int p = chunk(out, SIGNATURE.length, "IHDR", ihdr, ihdr.length);
        p = chunk(out, p, "IDAT", idat, n);
        chunk(out, p, "IEND", ihdr, 0);
        return out;
    }

    /**
     * Per-thread buffers and zlib stream, reused from image to image: a fresh Deflater allocates and clears about
     * 300 KB of zlib state each time, as much work as compressing a small image's rows.
     */
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        /** One per compression: a level set after the input applies only to later input. */
        private final Deflater[] deflaters = new Deflater[Compression.values().length];
        byte[] filtered = new byte[0];
        byte[] compressed = new byte[0];
        byte[] sub = new byte[0];
        byte[] up = new byte[0];
        byte[] avg = new byte[0];
        byte[] pae = new byte[0];

        Deflater deflater(Compression compression) {
            int i = compression.ordinal();
            if (deflaters[i] == null) {
                deflaters[i] = new Deflater(compression.level);
            }
            return deflaters[i];
        }

        /** The rows as PNG's IDAT holds them before zlib: a filter-type byte, then the row (filtered or as it is). */
        byte[] rows(byte[] px, int w, int h, boolean filter) {
            int stride = w * 3;
            if (filtered.length < (stride + 1) * h) {
                filtered = new byte[(stride + 1) * h];
            }
            if (sub.length < stride) {
                sub = new byte[stride];
                up = new byte[stride];
                avg = new byte[stride];
                pae = new byte[stride];
            }
            if (filter) {
                PngEncoder.filter(px, w, h, filtered, sub, up, avg, pae);
            } else {
                for (int y = 0; y < h; y++) {
                    filtered[y * (stride + 1)] = 0;
                    System.arraycopy(px, y * stride, filtered, y * (stride + 1) + 1, stride);
                }
            }
            return filtered;
        }

        byte[] compressed(int atLeast) {
            if (compressed.length < atLeast) {
                compressed = java.util.Arrays.copyOf(compressed, atLeast);
            }
            return compressed;
        }
    }

    /** Each row gets the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of magnitudes. */
    private static void filter(byte[] px, int w, int h, byte[] out, byte[] sub, byte[] up, byte[] avg, byte[] pae) {
        int stride = w * 3;
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            int prev = row - stride;
            long sNone = 0;
            long sSub = 0;
            long sUp = 0;
            long sAvg = 0;
            long sPae = 0;
            for (int i = 0; i < stride; i++) {
                int x = px[row + i] & 0xff;
                int a = i >= 3 ? px[row + i - 3] & 0xff : 0;
                int b = y > 0 ? px[prev + i] & 0xff : 0;
                int c = i >= 3 && y > 0 ? px[prev + i - 3] & 0xff : 0;
                byte vSub = (byte) (x - a);
                byte vUp = (byte) (x - b);
                byte vAvg = (byte) (x - ((a + b) >> 1));
                byte vPae = (byte) (x - paeth(a, b, c));
                sub[i] = vSub;
                up[i] = vUp;
                avg[i] = vAvg;
                pae[i] = vPae;
                sNone += Math.abs((byte) x);
                sSub += Math.abs(vSub);
                sUp += Math.abs(vUp);
                sAvg += Math.abs(vAvg);
                sPae += Math.abs(vPae);
            }
            int type = 0;
            long best = sNone;
            byte[] chosen = null;
            if (sSub < best) { best = sSub; type = 1; chosen = sub; }
            if (sUp < best) { best = sUp; type = 2; chosen = up; }
            if (sAvg < best) { best = sAvg; type = 3; chosen = avg; }
            if (sPae < best) { type = 4; chosen = pae; }
            int o = y * (stride + 1);
            out[o] = (byte) type;
            System.arraycopy(chosen == null ? px : chosen, chosen == null ? row : 0, out, o + 1, stride);
        }
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    /** Writes length, type, data and CRC at {@code p}; returns the position after the chunk. */
    private static int chunk(byte[] out, int p, String type, byte[] data, int length) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        putInt(out, p, length);
        System.arraycopy(typeBytes, 0, out, p + 4, 4);
        System.arraycopy(data, 0, out, p + 8, length);
        CRC32 crc = new CRC32();
        crc.update(out, p + 4, 4 + length);
        putInt(out, p + 8 + length, (int) crc.getValue());
        return p + 12 + length;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
