package dev.toonforge.dcgan;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.toonforge.dcgan.quality.QualityProbe;
import dev.toonforge.dcgan.quality.QualityScore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * tiny-32 at batch 64 on a small fixed set of {@link CartoonFaces}, in shuffled epochs, scored by a {@link QualityProbe}
 * on (up to) 256 of the faces and 256 fixed latents, and on request against 256 faces it never trains on (how well G
 * draws the kind of face rather than the faces it saw). Every seed is fixed, so a run repeats bit for bit on the CPU.
 */
final class FaceTraining {

    static final int BATCH = 64;
    /** The first seed of the faces held out from training: far above any training set's seeds. */
    static final long HELD_OUT_SEED = 1_000_000;
    static final int PROBE_SIZE = 256;

    private final Dcgan gan;
    private final INDArray data;
    private final int faces;
    private final QualityProbe probe;
    private QualityProbe heldOut;
    private final SplittableRandom order = new SplittableRandom(3);
    private final int[] index;
    private int cursor;
    private StepResult last;

    FaceTraining(double learningRateD, double learningRateG, int faces) {
        this(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH).withLearningRates(learningRateD, learningRateG), faces);
    }

    /** A tiny-32 configuration of batch {@link #BATCH} with other options (augmentations, EMA). */
    FaceTraining(DcganConfig config, int faces) {
        this.faces = faces;
        this.data = CartoonFaces.batch(0, faces, 32).reshape(faces, 3L * 32 * 32);
        this.gan = Dcgan.create(config, 1);
        int probeSize = Math.min(faces, PROBE_SIZE);
        this.probe = new QualityProbe(data.get(NDArrayIndex.interval(0, probeSize), NDArrayIndex.all())
                .reshape(probeSize, 3, 32, 32), latents(), 7);
        this.index = new int[faces];
        Arrays.setAll(index, i -> i);
        this.cursor = faces;
    }

    /** One training step on the next batch of faces (a new shuffled epoch when too few are left). */
    StepResult step() {
        if (cursor + BATCH > faces) {
            for (int i = faces - 1; i > 0; i--) {
                int j = order.nextInt(i + 1);
                int t = index[i];
                index[i] = index[j];
                index[j] = t;
            }
            cursor = 0;
        }
        int[] rows = Arrays.copyOfRange(index, cursor, cursor + BATCH);
        cursor += BATCH;
        last = gan.trainStep(Nd4j.pullRows(data, 1, rows).reshape(BATCH, 3, 32, 32));
        return last;
    }

    QualityScore score() {
        return probe.evaluate(gan.generator());
    }

    /** The score against {@value #PROBE_SIZE} faces that are not in the training set, with the same latents. */
    QualityScore heldOutScore() {
        if (heldOut == null) {
            heldOut = new QualityProbe(CartoonFaces.batch(HELD_OUT_SEED, PROBE_SIZE, 32), latents(), 7);
        }
        return heldOut.evaluate(gan.generator());
    }

    private INDArray latents() {
        return gan.noise().forSeeds(LongStream.range(0, PROBE_SIZE).toArray());
    }

    StepResult last() {
        return last;
    }
}
