package dev.toonforge.dcgan;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.toonforge.dcgan.quality.QualityProbe;
import dev.toonforge.dcgan.quality.QualityScore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains tiny-32 (batch 64) on a small set of cartoon faces and prints, every {@code every} steps: step, losses, SWD
 * and diversity ratio ({@link QualityProbe}) and the training speed. Not a test: {@code java -cp
 * dcgan/target/test-classes:dcgan/target/classes:<test classpath> dev.toonforge.dcgan.CollapseCalibration
 * <lrD> <lrG> <steps> <faces> <every>}.
 */
public final class CollapseCalibration {

    private CollapseCalibration() {
    }

    public static void main(String[] args) {
        double lrD = Double.parseDouble(args[0]);
        double lrG = Double.parseDouble(args[1]);
        int steps = Integer.parseInt(args[2]);
        int faces = Integer.parseInt(args[3]);
        int every = Integer.parseInt(args[4]);
        int batch = 64;
        DcganConfig config = DcganConfig.forPreset("tiny-32").withBatchSize(batch).withLearningRates(lrD, lrG);
        INDArray data = CartoonFaces.batch(0, faces, 32);
        Dcgan gan = Dcgan.create(config, 1);
        int probeSize = Math.min(faces, 256);
        QualityProbe probe = new QualityProbe(data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, probeSize)),
                gan.noise().forSeeds(LongStream.range(0, 256).toArray()), 7);
        SplittableRandom order = new SplittableRandom(3);
        int[] index = new int[faces];
        Arrays.setAll(index, i -> i);
        int cursor = faces;
        long start = System.nanoTime();
        long trainingNanos = 0;
        System.out.printf(Locale.ROOT, "lrD %.0e lrG %.0e, %d faces%n", lrD, lrG, faces);
        for (int k = 1; k <= steps; k++) {
            if (cursor + batch > faces) {   // a new epoch: shuffle
                for (int i = faces - 1; i > 0; i--) {
                    int j = order.nextInt(i + 1);
                    int t = index[i];
                    index[i] = index[j];
                    index[j] = t;
                }
                cursor = 0;
            }
            long[] rows = new long[batch];
            for (int i = 0; i < batch; i++) {
                rows[i] = index[cursor++];
            }
            INDArray real = Nd4j.pullRows(data.reshape(faces, 3L * 32 * 32), 1, Arrays.stream(rows).mapToInt(r -> (int) r).toArray())
                    .reshape(batch, 3, 32, 32);
            long t0 = System.nanoTime();
            StepResult r = gan.trainStep(real);
            trainingNanos += System.nanoTime() - t0;
            if (k % every == 0) {
                QualityScore q = probe.evaluate(gan.generator());
                System.out.printf(Locale.ROOT, "step %4d  lossD %.3f  lossG %.3f  D(x) %.2f  D(G(z)) %.2f  SWD %.1f %s  "
                                + "diversity %.3f  %.2f steps/s  %.0f s%n", k, r.discriminatorLoss(), r.generatorLoss(),
                        r.meanRealScore(), r.meanFakeScore(), q.swd(), q.swdPerLevel(), q.diversity(),
                        k / (trainingNanos / 1e9), (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
