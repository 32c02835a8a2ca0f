package dev.toonforge.dcgan;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between images and the tensors the networks use: NCHW (batch, RGB channel, row, column), float, values in
 * [-1, 1] where -1 is black and 1 is white (pixel / 127.5 - 1).
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** Images as a [n, 3, size, size] tensor in [-1, 1]; images of another size are scaled (bilinear) to size x size. */
    public static INDArray toTensor(BufferedImage[] images, int size) {
        float[] data = new float[images.length * 3 * size * size];
        int plane = size * size;
        int[] rgb = new int[plane];
        for (int i = 0; i < images.length; i++) {
            BufferedImage image = scaled(images[i], size);
            image.getRGB(0, 0, size, size, rgb, 0, size);
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                int c = rgb[p];
                data[base + p] = ((c >> 16) & 0xff) / 127.5f - 1f;
                data[base + plane + p] = ((c >> 8) & 0xff) / 127.5f - 1f;
                data[base + 2 * plane + p] = (c & 0xff) / 127.5f - 1f;
            }
        }
        return Nd4j.create(data, new long[] {images.length, 3, size, size}, 'c');
    }

    /**
     * Interleaved 8-bit RGB (for each image, rows top to bottom, pixels left to right, R G B) to a [n, 3, size, size]
     * tensor in [-1, 1].
     */
    public static INDArray fromRgbBytes(byte[] rgb, int count, int size) {
        return fromRgbBytes(rgb, count, size, Nd4j.createUninitialized(DataType.FLOAT, new long[] {count, 3, size, size}, 'c'));
    }

    /**
     * The same, written into {@code tensor} (float, C order, [count, 3, size, size]), which is returned: a trainer
     * that loads a batch per step reuses a few tensors instead of new off-heap memory each time.
     */
    public static INDArray fromRgbBytes(byte[] rgb, int count, int size, INDArray tensor) {
        int plane = size * size;
        if (rgb.length != count * plane * 3) {
            throw new IllegalArgumentException("expected " + count + " RGB images of " + size + "x" + size + " ("
                    + count * plane * 3 + " bytes), got " + rgb.length + " bytes");
        }
        if (tensor.dataType() != DataType.FLOAT || tensor.ordering() != 'c' || tensor.isView()
                || !Arrays.equals(tensor.shape(), new long[] {count, 3, size, size})) {
            throw new IllegalArgumentException("expected a whole float C-order tensor of shape [" + count + ", 3, " + size
                    + ", " + size + "], got " + tensor.dataType() + " " + tensor.ordering() + " "
                    + Arrays.toString(tensor.shape()));
        }
        // Written straight into the tensor's off-heap memory: a batch as a Java array would be a large allocation
        // for the garbage collector at every training step.
        FloatBuffer data = tensor.data().asNioFloat();
        for (int i = 0; i < count; i++) {
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    data.put(base + c * plane + p, (rgb[base + p * 3 + c] & 0xff) / 127.5f - 1f);
                }
            }
        }
        return tensor;
    }

    /** A [n, 3, h, w] tensor in [-1, 1] to pixel values in [0, 255] (float, same shape). */
    public static INDArray toPixels(INDArray tensor) {
        INDArray pixels = tensor.castTo(DataType.FLOAT).add(1.0).muli(127.5);
        return pixels.dup('c');
    }

    /** A [n, 3, h, w] tensor in [-1, 1] to RGB images (values clipped, rounded). */
    public static BufferedImage[] toImages(INDArray tensor) {
        long[] shape = tensor.shape();
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException("expected an NCHW tensor with 3 channels, got shape " + Arrays.toString(shape));
        }
        int n = (int) shape[0];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int plane = h * w;
        FloatBuffer data = floats(tensor);
        BufferedImage[] images = new BufferedImage[n];
        int[] rgb = new int[plane];
        float[] planes = new float[3 * plane];
        for (int i = 0; i < n; i++) {
            packRgb(data, i, plane, planes, rgb);
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            // The raster takes the packed pixels as they are (one array copy); setRGB would convert each pixel
            // through the colour model.
            image.getRaster().setDataElements(0, 0, w, h, rgb);
            images[i] = image;
        }
        return images;
    }

    /**
     * The tensor's values in C order, read in place from its off-heap memory (a copy only when it is not a whole float
     * C-order array), without a Java array of the whole batch.
     */
    static FloatBuffer floats(INDArray tensor) {
        boolean whole = tensor.dataType() == DataType.FLOAT && tensor.ordering() == 'c' && !tensor.isView();
        return (whole ? tensor : tensor.castTo(DataType.FLOAT).dup('c')).data().asNioFloat();
    }

    /**
     * Image {@code i}'s pixels (planes of {@code plane} values, R G B) packed as 0xRRGGBB into {@code rgb}, read in one
     * bulk copy into {@code planes} (at least 3 x plane long).
     */
    static void packRgb(FloatBuffer data, int i, int plane, float[] planes, int[] rgb) {
        data.get(i * 3 * plane, planes, 0, 3 * plane);
        for (int p = 0; p < plane; p++) {
            rgb[p] = (toByte(planes[p]) << 16) | (toByte(planes[plane + p]) << 8) | toByte(planes[2 * plane + p]);
        }
    }

    private static int toByte(float value) {
        int v = Math.round((value + 1f) * 127.5f);
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage scaled(BufferedImage image, int size) {
        if (image.getWidth() == size && image.getHeight() == size) {
            return image;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
