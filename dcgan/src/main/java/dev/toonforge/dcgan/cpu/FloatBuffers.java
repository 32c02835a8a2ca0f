package dev.toonforge.dcgan.cpu;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** ND4J arrays seen as {@link FloatBuffer}s over their own off-heap memory, for the loops written in Java here. */
final class FloatBuffers {

    private FloatBuffers() {
    }

    /** Whether {@link #of} can take {@code a}: single precision, C order, not a view. */
    static boolean isPlain(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.offset() == 0 && a.data().length() == a.length();
    }

    /** The array's values in place, index i = the i-th element in C order. */
    static FloatBuffer of(INDArray a) {
        if (!isPlain(a)) {
            throw new IllegalArgumentException("expected a whole single-precision C-order array, got "
                    + a.shapeInfoToString());
        }
        return a.data().asNioFloat();
    }
}
