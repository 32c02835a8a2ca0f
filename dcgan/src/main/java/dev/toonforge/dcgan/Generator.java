package dev.toonforge.dcgan;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Properties;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained generator, for sampling: z to images. Loaded from {@link Dcgan#exportGenerator} (no discriminator, no
 * optimizer state) or taken from a live {@link Dcgan#generator()}. Generation runs in inference mode, so an image
 * depends only on its z (batch-norm uses its running statistics).
 */
public final class Generator {

    static final String EXPORT_FORMAT = "toonforge-dcgan-generator/1";

    private final DcganConfig config;
    private final MultiLayerNetwork network;
    private final NoiseSource noise;
    private final long step;

    Generator(DcganConfig config, MultiLayerNetwork network, long step) {
        this.config = config;
        this.network = network;
        this.noise = new NoiseSource(config.noiseSize(), config.noiseDistribution());
        this.step = step;
    }

    /** Reads a generator export. */
    public static Generator load(InputStream in) throws IOException {
        BackendInfo.logOnce();
        String what = "generator export";
        Map<String, byte[]> entries = Archive.readAll(in, what);
        Properties state = Archive.properties(entries, "state.properties", what);
        if (!EXPORT_FORMAT.equals(state.getProperty("format"))) {
            throw new IOException("not a generator export: format is '" + state.getProperty("format") + "', expected '"
                    + EXPORT_FORMAT + "'");
        }
        DcganConfig config = DcganConfig.fromProperties(Archive.properties(entries, "config.properties", what));
        MultiLayerNetwork network = NetworkFactory.generator(config, 0, DataType.FLOAT);
        INDArray params = Archive.array(entries, "generator.params", what);
        if (params.length() != network.numParams()) {
            throw new IOException("the export has " + params.length() + " generator parameters, but preset "
                    + config.preset().name() + " builds " + network.numParams());
        }
        network.setParams(params.castTo(DataType.FLOAT).reshape(network.params().shape()));
        return new Generator(config, network, Long.parseLong(state.getProperty("step")));
    }

    void save(OutputStream out) throws IOException {
        Properties state = new Properties();
        state.setProperty("format", EXPORT_FORMAT);
        state.setProperty("step", Long.toString(step));
        try (Archive.Writer w = new Archive.Writer(out)) {
            w.properties("config.properties", config.toProperties());
            w.properties("state.properties", state);
            w.array("generator.params", network.params().castTo(DataType.FLOAT));
        }
    }

    public int imageSize() {
        return config.imageSize();
    }

    public int noiseSize() {
        return config.noiseSize();
    }

    public DcganConfig config() {
        return config;
    }

    /** The training step this generator was exported at. */
    public long step() {
        return step;
    }

    public NoiseSource noise() {
        return noise;
    }

    /** Images in [-1, 1], shape [n, 3, size, size], for z of shape [n, noiseSize]. */
    public INDArray generate(INDArray z) {
        if (z.rank() != 2 || z.size(1) != config.noiseSize()) {
            throw new IllegalArgumentException("z must have shape [n, " + config.noiseSize() + "], got "
                    + java.util.Arrays.toString(z.shape()));
        }
        return network.output(z.castTo(network.params().dataType()), false);
    }

    /** Pixel values in [0, 255] (float NCHW) for z of shape [n, noiseSize]. */
    public INDArray generatePixels(INDArray z) {
        return ImageTensors.toPixels(generate(z));
    }

    /** One image per seed; seed s gives the same image for the same generator, in any process. */
    public BufferedImage[] generate(long... seeds) {
        return ImageTensors.toImages(generate(noise.forSeeds(seeds)));
    }
}
