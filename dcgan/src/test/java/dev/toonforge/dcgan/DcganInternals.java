package dev.toonforge.dcgan;

import dev.toonforge.dcgan.cpu.OneDnnGenerator;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The package-private parts of {@link Dcgan} and {@link Generator} that the engine's tests (in
 * {@code dev.toonforge.dcgan.cpu}) look at: the two networks, the parts of a training step, and the generator's two
 * passes.
 */
public final class DcganInternals {

    private DcganInternals() {
    }

    /** D's gradient and loss on a real and a fake batch ({@link Dcgan#discriminatorGradient}). */
    public record DiscriminatorPass(Gradient gradient, double loss) {
    }

    public static MultiLayerNetwork generatorNetwork(Dcgan gan) {
        return gan.generatorNetwork();
    }

    public static MultiLayerNetwork discriminatorNetwork(Dcgan gan) {
        return gan.discriminatorNetwork();
    }

    public static INDArray forwardGenerator(Dcgan gan, INDArray z) {
        return gan.forwardGenerator(z);
    }

    public static DiscriminatorPass discriminatorGradient(Dcgan gan, INDArray real, INDArray fake) {
        Dcgan.DiscriminatorPass pass = gan.discriminatorGradient(real, fake);
        return new DiscriminatorPass(pass.gradient(), pass.loss());
    }

    /** G's gradient through D for a fake batch that G's last training forward pass produced. */
    public static Gradient generatorGradient(Dcgan gan, INDArray fake) {
        return gan.generatorGradient(fake).getFirst();
    }

    /** A generator over {@code network}, whose weights do not change (as an export's). */
    public static Generator generator(DcganConfig config, MultiLayerNetwork network, long step) {
        return new Generator(config, network, step);
    }

    public static INDArray generateWithDl4j(Generator generator, INDArray z) {
        return generator.generateWithDl4j(z);
    }

    public static long directPasses(Generator generator) {
        return generator.directPasses();
    }

    public static OneDnnGenerator currentDirect(Generator generator) {
        return generator.currentDirect();
    }
}
