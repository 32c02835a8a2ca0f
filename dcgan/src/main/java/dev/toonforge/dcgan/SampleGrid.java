package dev.toonforge.dcgan;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Lays images out in a grid (e.g. the trainer's 8x8 fixed-noise sample per epoch). */
public final class SampleGrid {

    static final int GAP = 2;

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
            g.setColor(new Color(24, 24, 24));
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < images.length; i++) {
                g.drawImage(images[i], GAP + (i % columns) * (w + GAP), GAP + (i / columns) * (h + GAP), w, h, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }
}
