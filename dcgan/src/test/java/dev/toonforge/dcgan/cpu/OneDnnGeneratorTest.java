package dev.toonforge.dcgan.cpu;

import static dev.toonforge.dcgan.DcganInternals.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.toonforge.dcgan.Closeness;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Discs;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.dcgan.LayerSpec;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The generator's oneDNN pass ({@link FoldedGenerator} + {@link OneDnnGenerator}) computes what DL4J's pass
 * computes, for every preset, with batch-norm statistics, scales, shifts and biases far from their initial values (so
 * a fold that dropped or misplaced any of them would show), at two batch sizes (two plans).
 */
class OneDnnGeneratorTest {

    /** Relative L2 difference allowed: float rounding of a different order of operations. */
    private static final double MAX_RELATIVE_DIFFERENCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-32", "dcgan-64", "seed-128"})
    void matchesDl4jsPassForEveryPreset(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        MultiLayerNetwork network = NetworkFactory.generator(config, 3, DataType.FLOAT);
        randomizeBiasesAndStatistics(network, new SplittableRandom(preset.hashCode()));
        Generator generator = generator(config, network, 0);

        for (int batch : new int[] {3, 1}) {
            INDArray z = generator.noise().forSeeds(seeds(batch));
            INDArray direct = generator.generate(z);
            INDArray dl4j = generateWithDl4j(generator, z);

            assertThat(direct.shape()).containsExactly(dl4j.shape());
            assertThat(Closeness.relativeDifference(direct, dl4j)).as("%s at batch %d", preset, batch)
                    .isLessThan(MAX_RELATIVE_DIFFERENCE);
            assertThat(dl4j.std(true).getDouble(0)).as("a non-trivial output").isGreaterThan(0.01);
        }
        assertThat(directPasses(generator)).as("both passes through oneDNN").isEqualTo(2);
    }

    @Test
    void liveGeneratorFollowsTrainingWithTheSamePrimitives() {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(8), 7);
        Generator live = gan.generator();
        INDArray z = gan.noise().forSeeds(1, 2);
        INDArray before = live.generate(z).dup();
        OneDnnGenerator first = currentDirect(live);

        gan.trainStep(Discs.batch(new SplittableRandom(4), 8, 32));
        INDArray after = live.generate(z);

        assertThat(gan.generator()).isSameAs(live);
        assertThat(live.step()).isEqualTo(1);
        assertThat(Closeness.relativeDifference(after, before)).as("the pass sees the new weights").isGreaterThan(1e-3);
        assertThat(Closeness.relativeDifference(after, generateWithDl4j(live, z))).isLessThan(MAX_RELATIVE_DIFFERENCE);
        assertThat(currentDirect(live)).as("the new weights refreshed into the kept primitives").isSameAs(first);
        assertThat(first.isClosed()).isFalse();

        gan.trainStep(Discs.batch(new SplittableRandom(5), 8, 32));
        INDArray batchOfThree = gan.noise().forSeeds(1, 2, 3);
        assertThat(Closeness.relativeDifference(live.generate(z), generateWithDl4j(live, z)))
                .as("a second refresh, the plan it already had").isLessThan(MAX_RELATIVE_DIFFERENCE);
        assertThat(Closeness.relativeDifference(live.generate(batchOfThree), generateWithDl4j(live, batchOfThree)))
                .as("a new plan on refreshed weights").isLessThan(MAX_RELATIVE_DIFFERENCE);
        assertThat(currentDirect(live)).isSameAs(first);
    }

    @Test
    void aNetworkTheFoldDoesNotKnowRunsThroughDl4j() {
        // a plain convolution in a generator: not something the fold handles
        List<LayerSpec> specs = List.of(LayerSpec.denseNoBias(4 * 4 * 8), LayerSpec.reshape(8, 4, 4),
                LayerSpec.conv(3, 3, 1, 1), LayerSpec.tanh());
        MultiLayerNetwork network = NetworkFactory.build(specs, InputType.feedForward(100),
                new Adam(1e-3), 5, DataType.FLOAT);
        Generator generator = generator(DcganConfig.forPreset("tiny-32"), network, 0);
        INDArray z = generator.noise().forSeeds(1, 2);

        assertThat(generator.generate(z)).isEqualTo(generateWithDl4j(generator, z));
        assertThat(directPasses(generator)).isZero();
    }

    /** Batch-norm statistics, scales and shifts, and biases: random values of the size training gives them. */
    static void randomizeBiasesAndStatistics(MultiLayerNetwork network, SplittableRandom random) {
        for (Map.Entry<String, INDArray> p : network.paramTable().entrySet()) {
            String name = p.getKey().substring(p.getKey().indexOf('_') + 1);
            INDArray values = p.getValue();
            for (long i = 0; i < values.length(); i++) {
                double g = random.nextGaussian();
                switch (name) {
                    case "mean", "b", "beta" -> values.putScalar(i, 0.1 * g);
                    case "gamma" -> values.putScalar(i, 1 + 0.2 * g);
                    case "log10stdev" -> values.putScalar(i, random.nextDouble(-1.2, -0.5));
                    case "var" -> values.putScalar(i, Math.pow(10, 2 * random.nextDouble(-1.2, -0.5)));
                    default -> { }
                }
            }
        }
    }

    private static long[] seeds(int n) {
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 100 + i;
        }
        return seeds;
    }
}
