package dev.toonforge.infra.demo;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A cartoon-face dataset drawn in code, so the demo needs no download: random face shapes, skin and hair colours,
 * hair styles, eyes, brows, noses and mouths, on plain backgrounds.
 */
public final class DemoFaces {

    private static final Color[] SKIN = {new Color(255, 217, 15), new Color(255, 224, 189), new Color(241, 194, 125),
            new Color(224, 172, 105), new Color(198, 134, 66), new Color(141, 85, 36), new Color(255, 205, 148)};
    private static final Color[] HAIR = {new Color(20, 20, 20), new Color(90, 56, 37), new Color(183, 140, 70),
            new Color(230, 206, 140), new Color(165, 42, 42), new Color(40, 80, 200), new Color(120, 120, 120)};
    private static final Color[] BACKGROUND = {new Color(135, 206, 235), new Color(250, 250, 245), new Color(255, 228, 225),
            new Color(220, 240, 220), new Color(240, 230, 140)};

    private DemoFaces() {
    }

    /** One face, {@code size} pixels square; the same seed draws the same face. */
    public static BufferedImage face(long seed, int size) {
        Random r = new Random(seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(size / 128.0, size / 128.0);
            g.setColor(pick(r, BACKGROUND));
            g.fillRect(0, 0, 128, 128);

            double faceW = 64 + r.nextInt(24);
            double faceH = 72 + r.nextInt(24);
            double cx = 64 + r.nextInt(9) - 4;
            double cy = 70 + r.nextInt(9) - 4;
            Color hair = pick(r, HAIR);
            int hairStyle = r.nextInt(3);
            g.setColor(hair);
            if (hairStyle == 1) { // long hair behind the face
                g.fill(new Ellipse2D.Double(cx - faceW / 2 - 8, cy - faceH / 2 - 10, faceW + 16, faceH + 20));
            }
            g.setColor(pick(r, SKIN));
            g.fill(new Ellipse2D.Double(cx - faceW / 2, cy - faceH / 2, faceW, faceH));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f));
            g.draw(new Ellipse2D.Double(cx - faceW / 2, cy - faceH / 2, faceW, faceH));

            g.setColor(hair);
            if (hairStyle == 0) { // a cap of hair
                g.fill(new Arc2D.Double(cx - faceW / 2, cy - faceH / 2 - 6, faceW, faceH * 0.7, 0, 180, Arc2D.CHORD));
            } else if (hairStyle == 2) { // spikes
                for (int i = 0; i < 7; i++) {
                    double x = cx - faceW / 2 + 6 + i * (faceW - 12) / 6;
                    g.fillPolygon(new int[]{(int) x - 6, (int) x, (int) x + 6},
                            new int[]{(int) (cy - faceH / 2 + 8), (int) (cy - faceH / 2 - 12 - r.nextInt(8)), (int) (cy - faceH / 2 + 8)}, 3);
                }
            }

            double eyeY = cy - faceH * 0.08;
            double eyeGap = faceW * (0.18 + r.nextDouble() * 0.06);
            double eyeR = 7 + r.nextInt(6);
            for (int side = -1; side <= 1; side += 2) {
                double ex = cx + side * eyeGap;
                g.setColor(Color.WHITE);
                g.fill(new Ellipse2D.Double(ex - eyeR, eyeY - eyeR, 2 * eyeR, 2 * eyeR));
                g.setColor(Color.BLACK);
                g.draw(new Ellipse2D.Double(ex - eyeR, eyeY - eyeR, 2 * eyeR, 2 * eyeR));
                double look = r.nextDouble() * 3 - 1.5;
                g.fill(new Ellipse2D.Double(ex - 2.5 + look, eyeY - 2.5, 5, 5));
                g.draw(new Arc2D.Double(ex - eyeR, eyeY - eyeR - 8, 2 * eyeR, 8, 20, 140, Arc2D.OPEN));
            }

            g.setColor(Color.BLACK);
            double noseY = cy + faceH * 0.08;
            g.draw(new Arc2D.Double(cx - 5, noseY - 5, 10, 10, 200, 140, Arc2D.OPEN));

            double mouthW = faceW * (0.25 + r.nextDouble() * 0.2);
            double mouthY = cy + faceH * 0.22;
            if (r.nextBoolean()) {
                g.draw(new Arc2D.Double(cx - mouthW / 2, mouthY - 8, mouthW, 14, 200, 140, Arc2D.OPEN));
            } else {
                g.setColor(new Color(150, 30, 30));
                g.fill(new Arc2D.Double(cx - mouthW / 2, mouthY - 8, mouthW, 16, 180, 180, Arc2D.CHORD));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** {@code count} faces as PNGs in a zip, in a folder, as a person would zip them. */
    public static byte[] zip(int count, long seed, int size) {
        return zip("demo-faces/", pngs(count, seed, size));
    }

    /** {@code count} faces as PNG files by name ({@code face-0000.png}, ...): the same bytes {@link #zip} holds. */
    public static Map<String, byte[]> pngs(int count, long seed, int size) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(face(seed * 1_000_003L + i, size), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(String.format("face-%04d.png", i), png.toByteArray());
        }
        return files;
    }

    /** The files as entries of a zip, each name after {@code folder} ("" for none, else ending in '/'). */
    public static byte[] zip(String folder, Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(folder + file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Color pick(Random r, Color[] colors) {
        return colors[r.nextInt(colors.length)];
    }
}
