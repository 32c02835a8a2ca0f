package dev.toonforge.trainer.service;

import dev.toonforge.dcgan.backend.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tensors a run's batches are written into, handed out in turn, so that a step's batch reuses memory instead of
 * taking fresh off-heap memory each time (which the process only gets back when the garbage collector runs).
 *
 * <p>One batch trains while the next is loaded, and a batch loaded ahead for the next epoch may be dropped unread when
 * the dataset changed. The loads run one after another on a single thread, so a tensor handed out three loads after
 * another is never the one still training: three are enough.
 *
 * <p>Only in CPU builds: the batch is written through host memory, which a CUDA build copies to the card when the
 * array is new but does not copy again for an array the card already holds. There each load gets a new tensor.
 */
final class BatchTensors {

    static final int COUNT = 3;

    private final long[] shape;
    private final INDArray[] tensors;
    private int next;

    BatchTensors(int batch, int size) {
        this(batch, size, NativeBackend.isCpu());
    }

    BatchTensors(int batch, int size, boolean reuse) {
        this.shape = new long[] {batch, 3, size, size};
        this.tensors = new INDArray[reuse ? COUNT : 0];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }
    }

    /** The tensor for the next load. */
    INDArray next() {
        if (tensors.length == 0) {
            return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }
        INDArray tensor = tensors[next];
        next = (next + 1) % COUNT;
        return tensor;
    }
}
