package dev.toonforge.dcgan;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Lays images out in a grid (e.g. the trainer's 8x8 fixed-noise sample per epoch). */
public final class SampleGrid {

    static final int GAP = 2;
    private static final Color GAP_COLOUR = new Color(24, 24, 24);

    private SampleGrid() {
    }

    /** Images of equal size in rows of {@code columns}, separated by a 2-pixel dark gap. */
    public static BufferedImage render(BufferedImage[] images, int columns) {
        if (images.length == 0) throw new IllegalArgumentException("no images to render");
        if (columns < 1) throw new IllegalArgumentException("columns must be at least 1, was " + columns);
        int w = images[0].getWidth();
        int h = images[0].getHeight();
        int rows = (images.length + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(GAP + columns * (w + GAP), GAP + rows * (h + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(GAP_COLOUR);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < images.length; i++) {
                g.drawImage(images[i], GAP + (i % columns) * (w + GAP), GAP + (i / columns) * (h + GAP), w, h, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /**
     * The images of a [n, 3, size, size] tensor in [-1, 1], as {@link ImageTensors#toImages} draws them, in rows of
     * {@code columns}: the same picture as rendering those images, written pixel by pixel from the tensor's memory
     * into the grid's, without an image per sample.
     */
    public static BufferedImage render(INDArray images, int columns) {
        long[] shape = images.shape();
        if (shape.length != 4 || shape[1] != 3 || shape[0] < 1) {
            throw new IllegalArgumentException("expected an NCHW tensor of at least one image with 3 channels, got shape "
                    + Arrays.toString(shape));
        }
        if (columns < 1) throw new IllegalArgumentException("columns must be at least 1, was " + columns);
        int n = (int) shape[0];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int rows = (n + columns - 1) / columns;
        int width = GAP + columns * (w + GAP);
        int height = GAP + rows * (h + GAP);
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, GAP_COLOUR.getRGB() & 0xffffff);
        FloatBuffer data = ImageTensors.floats(images);
        int[] image = new int[h * w];
        float[] planes = new float[3 * h * w];
        for (int i = 0; i < n; i++) {
            ImageTensors.packRgb(data, i, h * w, planes, image);
            int left = GAP + (i % columns) * (w + GAP);
            int top = GAP + (i / columns) * (h + GAP);
            for (int y = 0; y < h; y++) {
                System.arraycopy(image, y * w, pixels, (top + y) * width + left, w);
            }
        }
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        grid.getRaster().setDataElements(0, 0, width, height, pixels);
        return grid;
    }
}
