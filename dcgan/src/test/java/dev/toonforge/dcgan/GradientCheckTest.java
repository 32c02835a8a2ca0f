package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The analytic gradients of the step (D: real + fake BCE; G: through D's input gradient) against central finite
 * differences of the same losses, in double precision on the tiny preset. Batch-norm running statistics are not
 * parameters of the loss (DL4J stores their updates in the gradient array) and are skipped.
 */
class GradientCheckTest {

    private static final int BATCH = 4;
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
    private static final double MIN_ABSOLUTE_ERROR = 1e-8;
    private static final int SAMPLES_PER_ARRAY = 3;

    private final DcganConfig config = DcganConfig.forPreset("tiny-32").withBatchSize(BATCH)
            .withInstanceNoiseStd(0).withRandomFlip(false).withNoiseSize(16);
    private final Dcgan gan = Dcgan.create(config, 11, DataType.DOUBLE);
    private final INDArray real = Discs.batch(new SplittableRandom(3), BATCH, 32).castTo(DataType.DOUBLE);
    private final INDArray z = gan.noise().forSeeds(1, 2, 3, 4).castTo(DataType.DOUBLE);

    @Test
    void discriminatorGradientMatchesFiniteDifferences() {
        INDArray fake = gan.forwardGenerator(z).dup();
        DoubleSupplier loss = () -> gan.discriminatorLoss(real, fake);
        Gradient analytic = gan.discriminatorGradient(real, fake).gradient();
        int checked = check(gan.discriminatorNetwork(), analytic, loss);
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void generatorGradientMatchesFiniteDifferences() {
        DoubleSupplier loss = () -> gan.generatorLoss(z);
        Gradient analytic = gan.generatorGradient(gan.forwardGenerator(z)).getFirst();
        int checked = check(gan.generatorNetwork(), analytic, loss);
        assertThat(checked).isGreaterThan(20);
    }

    /** Compares sampled entries of every trainable parameter array; returns how many were compared. */
    private int check(MultiLayerNetwork net, Gradient analytic, DoubleSupplier loss) {
        SplittableRandom random = new SplittableRandom(17);
        record Probe(String key, INDArray param, long index, double analytic) {
        }
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                String name = e.getKey();
                if (name.equals("mean") || name.equals("var") || name.equals("log10stdev")) {
                    continue;   // running statistics, not trained by gradient
                }
                String key = i + "_" + name;
                INDArray gradient = analytic.getGradientFor(key);
                for (int s = 0; s < SAMPLES_PER_ARRAY; s++) {
                    long index = random.nextLong(e.getValue().length());
                    // the step's gradient is summed over the batch; the loss is its mean
                    probes.add(new Probe(key, e.getValue(), index, gradient.getDouble(index) / BATCH));
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (Probe p : probes) {
            double original = p.param().getDouble(p.index());
            p.param().putScalar(p.index(), original + EPSILON);
            double plus = loss.getAsDouble();
            p.param().putScalar(p.index(), original - EPSILON);
            double minus = loss.getAsDouble();
            p.param().putScalar(p.index(), original);
            double numeric = (plus - minus) / (2 * EPSILON);
            double absolute = Math.abs(numeric - p.analytic());
            double relative = absolute / Math.max(Math.abs(numeric) + Math.abs(p.analytic()), 1e-300);
            if (absolute > MIN_ABSOLUTE_ERROR && relative > MAX_RELATIVE_ERROR) {
                failures.add(p.key() + "[" + p.index() + "]: analytic " + p.analytic() + ", numeric " + numeric);
            }
        }
        assertThat(failures).as("parameters whose gradient differs from finite differences").isEmpty();
        return probes.size();
    }
}
