package dev.toonforge.dcgan.quality;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Discs;
import dev.toonforge.dcgan.Generator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How long {@link QualityProbe#evaluate} takes per preset and sample count, and how much of it is generation. Not a
 * test: {@code java -cp dcgan/target/test-classes:dcgan/target/classes:<test classpath>
 * dev.toonforge.dcgan.quality.QualityProbeTimes tiny-32 256 512}.
 */
public final class QualityProbeTimes {

    private QualityProbeTimes() {
    }

    public static void main(String[] args) {
        DcganConfig config = DcganConfig.forPreset(args[0]);
        int size = config.imageSize();
        Generator generator = Dcgan.create(config, 1).generator();
        for (int a = 1; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            INDArray real = Discs.batch(new SplittableRandom(1), n, size);
            INDArray latents = generator.noise().forSeeds(LongStream.range(0, n).toArray());
            long t0 = System.nanoTime();
            QualityProbe probe = new QualityProbe(real, latents, 1);
            long t1 = System.nanoTime();
            probe.evaluate(generator);   // warm-up
            long t2 = System.nanoTime();
            QualityScore score = probe.evaluate(generator);
            long t3 = System.nanoTime();
            for (int start = 0; start < n; start += QualityProbe.BATCH) {
                generator.generate(latents.get(NDArrayIndex.interval(start, Math.min(n, start + QualityProbe.BATCH)),
                        NDArrayIndex.all()));
            }
            long t4 = System.nanoTime();
            System.out.printf("%s %d px, %d images: probe built in %.2f s, evaluate %.2f s (first %.2f s), of which "
                            + "generation %.2f s; swd %.1f%n", config.preset().name(), size, n, (t1 - t0) / 1e9,
                    (t3 - t2) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e9, score.swd());
        }
    }
}
