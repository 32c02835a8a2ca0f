package dev.toonforge.dcgan.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A single-precision [N, C, H, W] array read and written channel by channel over its own off-heap memory. Views
 * whose rows are contiguous are taken as they are (a {@code Cropping2D} output is one: seed-128's generator crops
 * every "same" transposed convolution), so no copy is made of them.
 */
final class NchwFloats {

    private final FloatBuffer buffer;
    private final long offset;
    private final long[] stride;
    final int batch;
    final int channels;
    final int height;
    final int width;

    private NchwFloats(INDArray a) {
        long[] shape = a.shape();
        this.buffer = a.data().asNioFloat();   // the whole buffer; element [0, 0, 0, 0] at offset()
        this.offset = a.offset();
        this.stride = a.stride();
        this.batch = Math.toIntExact(shape[0]);
        this.channels = Math.toIntExact(shape[1]);
        this.height = Math.toIntExact(shape[2]);
        this.width = Math.toIntExact(shape[3]);
    }

    /** Whether {@link #of} takes {@code a} without a copy: rank 4, single precision, rows contiguous. */
    static boolean accepts(INDArray a) {
        return a.rank() == 4 && a.dataType() == DataType.FLOAT && a.stride(3) == 1 && a.ordering() == 'c';
    }

    /** {@code a} itself, or a C-order copy where {@link #accepts} says no. */
    static NchwFloats of(INDArray a) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException("expected an [N, C, H, W] array, got shape " + Arrays.toString(a.shape()));
        }
        return new NchwFloats(accepts(a) ? a : a.castTo(DataType.FLOAT).dup('c'));
    }

    /** Values per channel: N * H * W. */
    int channelLength() {
        return batch * height * width;
    }

    /** Channel c's values, example after example, row after row, into {@code values}. */
    void gather(int c, float[] values) {
        int plane = height * width;
        for (int n = 0; n < batch; n++) {
            long start = offset + n * stride[0] + c * stride[1];
            if (stride[2] == width) {
                buffer.get(Math.toIntExact(start), values, n * plane, plane);
            } else {
                for (int h = 0; h < height; h++) {
                    buffer.get(Math.toIntExact(start + h * stride[2]), values, n * plane + h * width, width);
                }
            }
        }
    }

    /** Writes channel c's values back, in {@link #gather}'s order. */
    void scatter(float[] values, int c) {
        int plane = height * width;
        for (int n = 0; n < batch; n++) {
            long start = offset + n * stride[0] + c * stride[1];
            if (stride[2] == width) {
                buffer.put(Math.toIntExact(start), values, n * plane, plane);
            } else {
                for (int h = 0; h < height; h++) {
                    buffer.put(Math.toIntExact(start + h * stride[2]), values, n * plane + h * width, width);
                }
            }
        }
    }

    boolean sameShape(NchwFloats other) {
        return batch == other.batch && channels == other.channels && height == other.height && width == other.width;
    }

    @Override
    public String toString() {
        return "[" + batch + ", " + channels + ", " + height + ", " + width + "]";
    }
}
