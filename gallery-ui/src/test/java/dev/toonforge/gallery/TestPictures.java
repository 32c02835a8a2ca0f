package dev.toonforge.gallery;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/** Cartoon-ish faces drawn with Java2D: what the trainer's grids and the sampler's images look like, well enough. */
final class TestPictures {

    static final int CELL = 32;
    static final int GAP = 2;
    static final int COLUMNS = 8;
    static final int GRID = GAP + COLUMNS * (CELL + GAP);

    private TestPictures() {
    }

    /** An 8x8 grid like the trainer's: noise at epoch 1, faces emerging as {@code epoch} approaches {@code clearAt}. */
    static byte[] grid(int epoch, int clearAt) {
        double clarity = Math.min(1.0, epoch / (double) clearAt);
        BufferedImage grid = new BufferedImage(GRID, GRID, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(new Color(24, 24, 28));
        g.fillRect(0, 0, GRID, GRID);
        Random noise = new Random(1000L + epoch);
        for (int i = 0; i < COLUMNS * COLUMNS; i++) {
            BufferedImage face = face(i, CELL);
            for (int y = 0; y < CELL; y++) {
                for (int x = 0; x < CELL; x++) {
                    int rgb = face.getRGB(x, y);
                    int r = mix((rgb >> 16) & 0xff, noise.nextInt(256), clarity);
                    int gr = mix((rgb >> 8) & 0xff, noise.nextInt(256), clarity);
                    int b = mix(rgb & 0xff, noise.nextInt(256), clarity);
                    face.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            g.drawImage(face, GAP + (i % COLUMNS) * (CELL + GAP), GAP + (i / COLUMNS) * (CELL + GAP), null);
        }
        g.dispose();
        return png(grid);
    }

    /** One face per seed, {@code size} px. */
    static BufferedImage face(long seed, int size) {
        Random random = new Random(seed * 7919L + 17);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(size / 32.0, size / 32.0);
        g.setColor(new Color(120 + random.nextInt(120), 170 + random.nextInt(80), 200 + random.nextInt(55)));
        g.fillRect(0, 0, 32, 32);
        Color skin = random.nextBoolean() ? new Color(255, 217, 15) : new Color(240, 190, 150 + random.nextInt(40));
        g.setColor(skin);
        g.fillOval(6, 5, 20, 24);
        g.setColor(new Color(40 + random.nextInt(60), 30, 20));
        if (random.nextBoolean()) {
            g.fillArc(6, 2, 20, 12, 0, 180);
        }
        g.setColor(Color.WHITE);
        g.fillOval(10, 12, 6, 6);
        g.fillOval(16, 12, 6, 6);
        g.setColor(Color.BLACK);
        g.fillOval(12 + random.nextInt(2), 14, 2, 2);
        g.fillOval(18 + random.nextInt(2), 14, 2, 2);
        g.setStroke(new BasicStroke(1.2f));
        g.drawArc(11, 17, 10, 6 + random.nextInt(3), 200, 140);
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int mix(int signal, int noise, double clarity) {
        return (int) Math.round(signal * clarity + noise * (1 - clarity));
    }
}
