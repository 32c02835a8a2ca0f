package dev.toonforge.ingest.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files made inside the tests: real images, hostile files and archives. Nothing is read from disk. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A noisy colour gradient, different for every seed (so no two are duplicates). */
    public static BufferedImage noisy(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int base = random.nextInt(0xffffff);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = ((base >> 16) + x * 255 / w + random.nextInt(24)) & 0xff;
                int g = ((base >> 8) + y * 255 / h + random.nextInt(24)) & 0xff;
                int b = (base + random.nextInt(24)) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    public static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    public static byte[] png(int w, int h, long seed) {
        return png(noisy(w, h, seed));
    }

    public static byte[] jpeg(int w, int h, long seed) {
        return write(noisy(w, h, seed), "jpeg");
    }

    public static byte[] gif(int w, int h, long seed) {
        return write(noisy(w, h, seed), "gif");
    }

    public static byte[] bmp(int w, int h, long seed) {
        return write(noisy(w, h, seed), "bmp");
    }

    public static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A syntactically valid PNG whose header claims {@code w}x{@code h} pixels, with a few bytes of pixel data. */
    public static byte[] pngHeaderClaiming(int w, int h) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.write(new byte[]{8, 2, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", deflate(new byte[64]));
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[data.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        return Arrays.copyOf(buf, n);
    }

    public static byte[] truncated(byte[] file) {
        return Arrays.copyOf(file, file.length / 2);
    }

    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static final String HTML = "<!DOCTYPE html>\n<html><head><title>cat</title></head><body><img src=cat.png></body></html>\n";
    public static final String SVG = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\">"
            + "<circle cx=\"32\" cy=\"32\" r=\"20\" fill=\"red\"/></svg>\n";

    /** A zip of the given entries (name to bytes), deflated, in order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            map.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return map;
    }

    /** One entry of {@code megabytes} MiB of zeros: about 1000:1. */
    public static byte[] zipBomb(int megabytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                zip.putNextEntry(new ZipEntry("bomb.png"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < megabytes; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} folder entries (cheap to make and to read) followed by one image. */
    public static byte[] zipWithEntries(int count, byte[] image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (int i = 0; i < count; i++) {
                    zip.putNextEntry(new ZipEntry("d" + i + "/"));
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry("last.png"));
                zip.write(image);
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
