package dev.toonforge.dcgan.cpu;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer's output array for training forward passes, kept and written again by the layer's next training pass
 * instead of allocated anew.
 *
 * <p>Why: DL4J's forward pass for training allocates every layer's output outside its workspaces, so each pass would
 * ask libnd4j for fresh arrays, which it zero-fills: page faults on memory the kernel hands out again. Freed only when
 * the garbage collector finds them, such arrays also drive JavaCPP over {@code maxphysicalbytes}, which forces a
 * collection, a sleep and a {@code malloc_trim} (docs/benchmarks.md, "Sixth pass").
 *
 * <p>The price is a rule: with {@link #use} on, a training pass's outputs are valid only until the same network's
 * next training forward pass. {@link dev.toonforge.dcgan.Dcgan}'s step keeps to it (each pass is consumed before the
 * next starts); other callers leave it off and get fresh arrays. Inference passes and outputs placed in a workspace
 * never use the buffer.
 */
public final class TrainingOutputBuffer {

    /** A layer of ours that can keep its training output. */
    interface Owner {
        TrainingOutputBuffer outputBuffer();
    }

    private boolean on;
    private INDArray array;

    /** Turns the buffers on or off for every layer of {@code network} that has one. */
    public static void use(MultiLayerNetwork network, boolean on) {
        for (Layer layer : network.getLayers()) {
            if (layer instanceof Owner owner) {
                owner.outputBuffer().on = on;
                if (!on) {
                    owner.outputBuffer().array = null;
                }
            }
        }
    }

    /**
     * A single-precision C-order array of {@code shape} for a forward pass's output: the kept one (reallocated when
     * the shape changes), or one from {@code workspaceMgr} when keeping is off, in inference or inside a workspace.
     */
    INDArray array(LayerWorkspaceMgr workspaceMgr, boolean training, long[] shape) {
        if (!on || !training || !workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS)) {
            return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
        }
        if (array == null || !Arrays.equals(array.shape(), shape)) {
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            }
        }
        return array;
    }
}
