package dev.toonforge.dcgan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the divergence guard of {@link Dcgan#trainStep} costs: the two parameter sums it adds per step, against the
 * step itself. Not a test: {@code java -cp dcgan/target/test-classes:dcgan/target/classes:<test classpath>
 * dev.toonforge.dcgan.DivergenceGuardProbe tiny-32 64 5}.
 */
public final class DivergenceGuardProbe {

    private DivergenceGuardProbe() {
    }

    public static void main(String[] args) {
        DcganConfig config = DcganConfig.forPreset(args[0]);
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int size = config.imageSize();
        Dcgan gan = Dcgan.create(config, 1);
        INDArray real = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(1);
        gan.trainStep(real);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            gan.trainStep(real);
        }
        double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
        int sums = 200;
        double sink = 0;
        long t1 = System.nanoTime();
        for (int i = 0; i < sums; i++) {
            sink += gan.generatorNetwork().params().sumNumber().doubleValue();
            sink += gan.discriminatorNetwork().params().sumNumber().doubleValue();
        }
        double guardMs = (System.nanoTime() - t1) / 1e6 / sums;
        System.out.printf("%s batch %d: G %d + D %d parameters; step %.2f ms, guard (two sums) %.3f ms = %.3f%% (%s)%n",
                config.preset().name(), batch, gan.generatorNetwork().numParams(), gan.discriminatorNetwork().numParams(),
                stepMs, guardMs, 100 * guardMs / stepMs, Double.isFinite(sink) ? "finite" : "not finite");
    }
}
