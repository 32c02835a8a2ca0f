package dev.toonforge.dcgan;

import java.util.Locale;

import dev.toonforge.dcgan.quality.QualityScore;

/**
 * Trains tiny-32 (batch 64) on a small set of cartoon faces ({@link FaceTraining}) and prints, every {@code every}
 * steps: step, losses, SWD and diversity ratio against the training faces, SWD against 256 held-out faces, and the
 * training speed. Not a test: {@code java -cp
 * dcgan/target/test-classes:dcgan/target/classes:<test classpath> dev.toonforge.dcgan.CollapseCalibration
 * <lrD> <lrG> <steps> <faces> <every> [augmentations]}, augmentations as ids separated by commas (e.g.
 * {@code flip,translation,color,cutout}; default: the preset's, flips only).
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
        DcganConfig config = DcganConfig.forPreset("tiny-32").withBatchSize(FaceTraining.BATCH).withLearningRates(lrD, lrG);
        if (args.length > 5) {
            config = config.withAugment(Augmentation.parseIds(args[5]));
        }
        FaceTraining run = new FaceTraining(config, faces);
        long start = System.nanoTime();
        long trainingNanos = 0;
        System.out.printf(Locale.ROOT, "lrD %.0e lrG %.0e, %d faces, augment %s%n", lrD, lrG, faces,
                Augmentation.ids(config.augment()));
        for (int k = 1; k <= steps; k++) {
            long t0 = System.nanoTime();
            StepResult r = run.step();
            trainingNanos += System.nanoTime() - t0;
            if (k % every == 0) {
                QualityScore q = run.score();
                QualityScore h = run.heldOutScore();
                System.out.printf(Locale.ROOT, "step %4d  lossD %.3f  lossG %.3f  D(x) %.2f  D(G(z)) %.2f  SWD %.1f %s  "
                                + "diversity %.3f  held-out SWD %.1f %s  %.2f steps/s  %.0f s%n", k,
                        r.discriminatorLoss(), r.generatorLoss(), r.meanRealScore(), r.meanFakeScore(), q.swd(),
                        q.swdPerLevel(), q.diversity(), h.swd(), h.swdPerLevel(), k / (trainingNanos / 1e9),
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
