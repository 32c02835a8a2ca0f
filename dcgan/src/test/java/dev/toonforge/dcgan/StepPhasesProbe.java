package dev.toonforge.dcgan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a training step's time goes, phase by phase, to set against bench/dcgan/torch_phases.py (docs/benchmarks.md,
 * "Training speed"). Not a test: run it with the benchmark's classpath,
 * {@code java -cp dcgan/target/test-classes:dcgan/target/classes:$(cat bench/out/dcgan/classpath.txt)
 * dev.toonforge.dcgan.StepPhasesProbe dcgan-64 5} (bench/dcgan/run.sh writes that classpath file).
 */
public final class StepPhasesProbe {

    private StepPhasesProbe() {
    }

    public static void main(String[] args) {
        DcganConfig config = DcganConfig.forPreset(args[0]);
        int reps = Integer.parseInt(args[1]);
        int batch = 64;
        int size = config.imageSize();
        Dcgan gan = Dcgan.create(config, 1);
        INDArray real = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(1);
        gan.trainStep(real);
        gan.trainStep(real);
        long step = 0;
        long generator = 0;
        long discriminator = 0;
        long throughD = 0;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            gan.trainStep(real);
            long t1 = System.nanoTime();
            INDArray fake = gan.forwardGenerator(Nd4j.rand(DataType.FLOAT, batch, config.noiseSize()).muli(2).subi(1));
            long t2 = System.nanoTime();
            gan.discriminatorGradient(real, fake);
            long t3 = System.nanoTime();
            gan.generatorGradient(fake);
            long t4 = System.nanoTime();
            step += t1 - t0;
            generator += t2 - t1;
            discriminator += t3 - t2;
            throughD += t4 - t3;
        }
        System.out.printf("%s ours: G forward %.0f ms | D on real + fake, forward + backward %.0f ms"
                        + " | D forward + backward into G's backward %.0f ms | whole step (with both Adam updates) %.0f ms%n",
                args[0], generator / 1e6 / reps, discriminator / 1e6 / reps, throughD / 1e6 / reps, step / 1e6 / reps);
    }
}
