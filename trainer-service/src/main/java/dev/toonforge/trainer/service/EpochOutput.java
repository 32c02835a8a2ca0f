package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.MetricPoint;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * What one finished epoch leaves to store, taken on the training thread so training can go on while it is stored.
 *
 * @param gridImages    the fixed-noise samples, [64, 3, size, size] in [-1, 1] (laid out as the grid and
 *                      PNG-encoded by the publisher)
 * @param checkpointZip the checkpoint, or null when this epoch stores none (see {@link CheckpointCadence})
 * @param metrics       every step's metrics up to this epoch, when it stores a checkpoint (null otherwise)
 * @param score         the epoch's quality score, or null when it was not measured
 * @param scoreEvery    how often scores are measured now
 */
record EpochOutput(int epoch, long step, INDArray gridImages, byte[] checkpointZip, List<MetricPoint> metrics,
                   EpochScore score, int scoreEvery, double dLoss, double gLoss) {

    boolean hasCheckpoint() {
        return checkpointZip != null;
    }
}
