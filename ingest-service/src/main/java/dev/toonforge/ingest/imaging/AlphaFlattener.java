package dev.toonforge.ingest.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns any decoded image into opaque 8-bit sRGB, compositing transparency onto a background colour. This runs before
 * any resampling, on straight (non-premultiplied) alpha, so a transparent pixel's hidden colour can never bleed into
 * its neighbours as a dark fringe.
 */
public final class AlphaFlattener {

    private AlphaFlattener() {
    }

    public static RgbImage flatten(BufferedImage image, int backgroundRgb) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (isPlainRgb8(image)) {
            copyInterleaved(raster, w, h, out);
        } else if (cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Read grey samples as they are: ImageIO tags grey PNG/JPEG as linear grey, and a colour-managed
            // conversion to sRGB would brighten every mid-tone.
            flattenGray(raster, cm, w, h, backgroundRgb, out);
        } else {
            flattenArgb(image, w, h, backgroundRgb, out);
        }
        return new RgbImage(w, h, out);
    }

    /** The decoder's own buffer, when it already is opaque 8-bit sRGB (e.g. a JPEG decoded to BGR); otherwise null. */
    public static PixelView directView(BufferedImage image) {
        if (!isPlainRgb8(image)) {
            return null;
        }
        Raster raster = image.getRaster();
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        if (buffer.getNumBanks() != 1) {
            return null;
        }
        int[] band = sm.getBandOffsets();
        return new PixelView(buffer.getData(), buffer.getOffset(), sm.getScanlineStride(), band[0], band[1], band[2],
                image.getWidth(), image.getHeight());
    }

    private static boolean isPlainRgb8(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        return cm instanceof ComponentColorModel && !cm.hasAlpha() && cm.getColorSpace().isCS_sRGB()
                && raster.getDataBuffer() instanceof DataBufferByte
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getNumBands() == 3 && sm.getPixelStride() == 3
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    private static void copyInterleaved(Raster raster, int w, int h, byte[] out) {
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int[] band = sm.getBandOffsets();
        int base = ((DataBufferByte) raster.getDataBuffer()).getOffset();
        int stride = sm.getScanlineStride();
        int r = band[0];
        int g = band[1];
        int b = band[2];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * stride;
            for (int x = 0; x < w; x++, p += 3) {
                out[o++] = data[p + r];
                out[o++] = data[p + g];
                out[o++] = data[p + b];
            }
        }
    }

    private static void flattenGray(Raster raster, ColorModel cm, int w, int h, int bg, byte[] out) {
        int bands = raster.getNumBands();
        boolean alpha = cm.hasAlpha() && bands >= 2;
        boolean premultiplied = cm.isAlphaPremultiplied();
        int bits = raster.getSampleModel().getSampleSize(0);
        double max = (1L << bits) - 1;
        int alphaBits = alpha ? raster.getSampleModel().getSampleSize(1) : 8;
        double alphaMax = (1L << alphaBits) - 1;
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                double v = row[x * bands] / max * 255.0;
                if (!alpha) {
                    byte g = (byte) clamp(v);
                    out[o++] = g;
                    out[o++] = g;
                    out[o++] = g;
                    continue;
                }
                double a = row[x * bands + 1] / alphaMax;
                if (premultiplied && a > 0) {
                    v = v / a;
                }
                out[o++] = (byte) clamp(v * a + ((bg >> 16) & 0xff) * (1 - a));
                out[o++] = (byte) clamp(v * a + ((bg >> 8) & 0xff) * (1 - a));
                out[o++] = (byte) clamp(v * a + (bg & 0xff) * (1 - a));
            }
        }
    }

    private static void flattenArgb(BufferedImage image, int w, int h, int bg, byte[] out) {
        int bgR = (bg >> 16) & 0xff;
        int bgG = (bg >> 8) & 0xff;
        int bgB = bg & 0xff;
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w); // straight (non-premultiplied) sRGB, whatever the source layout
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                int r = (argb >> 16) & 0xff;
                int g = (argb >> 8) & 0xff;
                int b = argb & 0xff;
                if (a != 255) {
                    int ia = 255 - a;
                    r = (r * a + bgR * ia + 127) / 255;
                    g = (g * a + bgG * ia + 127) / 255;
                    b = (b * a + bgB * ia + 127) / 255;
                }
                out[o++] = (byte) r;
                out[o++] = (byte) g;
                out[o++] = (byte) b;
            }
        }
    }

    private static int clamp(double v) {
        long r = Math.round(v);
        return r < 0 ? 0 : (int) Math.min(255, r);
    }
}
