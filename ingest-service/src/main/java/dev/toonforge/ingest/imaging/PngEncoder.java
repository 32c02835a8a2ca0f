package dev.toonforge.ingest.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs: no metadata, per-row adaptive filter, zlib level 6. The same pixels always give the same bytes
 * on the same JDK, and encoding is a few times faster than the general ImageIO writer.
 */
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    public static byte[] encode(RgbImage image) {
        int w = image.width();
        int h = image.height();
        ByteArrayOutputStream out = new ByteArrayOutputStream(w * h + 1024);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        chunk(out, "IHDR", ihdr, ihdr.length);
        byte[] filtered = filter(image.pixels(), w, h);
        Deflater deflater = new Deflater(6);
        try {
            deflater.setInput(filtered);
            deflater.finish();
            byte[] buf = new byte[filtered.length + 1024];
            int n = 0;
            while (!deflater.finished()) {
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                n += deflater.deflate(buf, n, buf.length - n);
            }
            chunk(out, "IDAT", buf, n);
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /** Each row gets the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of magnitudes. */
    private static byte[] filter(byte[] px, int w, int h) {
        int stride = w * 3;
        byte[] out = new byte[(stride + 1) * h];
        byte[] sub = new byte[stride];
        byte[] up = new byte[stride];
        byte[] avg = new byte[stride];
        byte[] pae = new byte[stride];
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
        return out;
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

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] header = new byte[8];
        putInt(header, 0, length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(typeBytes, 0, header, 4, 4);
        out.write(header, 0, 8);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] crcBytes = new byte[4];
        putInt(crcBytes, 0, (int) crc.getValue());
        out.write(crcBytes, 0, 4);
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
