package dev.toonforge.dcgan;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;

import dev.toonforge.dcgan.backend.BackendInfo;
import dev.toonforge.dcgan.cpu.FoldedGenerator;
import dev.toonforge.dcgan.cpu.NetworkFactory;
import dev.toonforge.dcgan.cpu.OneDnn;
import dev.toonforge.dcgan.cpu.OneDnnGenerator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained generator, for sampling: z to images. Loaded from {@link Dcgan#exportGenerator} (no discriminator, no
 * optimizer state) or taken from a live {@link Dcgan#generator()}. Generation runs in inference mode, so an image
 * depends only on its z (batch-norm uses its running statistics).
 *
 * <p>In CPU builds a pass runs as oneDNN primitives kept between calls, with batch norm folded into the weights
 * ({@link OneDnnGenerator}); the same numbers as DL4J's pass up to float rounding, without the primitives DL4J builds
 * and the weights it reorders on every call. {@code -D}{@value #DIRECT_ONEDNN}{@code =false} keeps DL4J's pass, as do
 * CUDA builds and networks the fold
 * does not know.
 */
public final class Generator {

    static final String EXPORT_FORMAT = "toonforge-dcgan-generator/1";
    /** System property: "false" runs every pass through DL4J instead of {@link OneDnnGenerator}. */
    public static final String DIRECT_ONEDNN = "toonforge.dcgan.direct-onednn";

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

    private final DcganConfig config;
    private final MultiLayerNetwork network;
    private final NoiseSource noise;
    /** The training step of the weights; a live generator's moves with training, and its weights with it. */
    private final LongSupplier step;
    private OneDnnGenerator direct;
    private long directVersion;
    private boolean directUnavailable = "false".equalsIgnoreCase(System.getProperty(DIRECT_ONEDNN));

    /** A generator whose weights do not change (an export). */
    Generator(DcganConfig config, MultiLayerNetwork network, long step) {
        this(config, network, () -> step);
    }

    /** A generator on a network whose weights change exactly when {@code step} does (a live one). */
    Generator(DcganConfig config, MultiLayerNetwork network, LongSupplier step) {
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
        state.setProperty("step", Long.toString(step()));
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

    /** The training step of its weights: where it was exported, or a live generator's current step. */
    public long step() {
        return step.getAsLong();
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
        synchronized (this) {   // one pass at a time through the kept primitives; folding again closes the old ones
            OneDnnGenerator fast = direct();
            if (fast != null) {
                try {
                    return fast.generate(z);
                } catch (FoldedGenerator.Unsupported e) {
                    useDl4j(e);
                }
            }
        }
        return generateWithDl4j(z);
    }

    /** DL4J's pass (tests compare the two). */
    INDArray generateWithDl4j(INDArray z) {
        return network.output(z.castTo(network.params().dataType()), false);
    }

    /** Passes that ran through {@link OneDnnGenerator} (for tests). */
    synchronized long directPasses() {
        return direct == null ? 0 : direct.passes();
    }

    /** The current oneDNN pass, or null (for tests). */
    synchronized OneDnnGenerator currentDirect() {
        return direct;
    }

    /**
     * The oneDNN pass for the current weights, or null for DL4J's: after the weights change they are folded again and
     * handed to the kept pass, whose primitives stay.
     */
    private synchronized OneDnnGenerator direct() {
        if (directUnavailable) {
            return null;
        }
        long version = step();
        if (direct == null || directVersion != version) {
            var engine = OneDnn.cpu();
            if (engine.isEmpty()) {
                directUnavailable = true;
                return null;
            }
            try {
                FoldedGenerator folded = FoldedGenerator.fold(network);
                if (direct == null || !direct.refresh(folded)) {
                    closeDirect();
                    direct = new OneDnnGenerator(folded, engine.get());
                }
                directVersion = version;
            } catch (FoldedGenerator.Unsupported e) {
                useDl4j(e);
                return null;
            }
        }
        return direct;
    }

    private synchronized void useDl4j(FoldedGenerator.Unsupported reason) {
        LOG.info("Generator passes run through DL4J: {}", reason.getMessage());
        directUnavailable = true;
        closeDirect();
    }

    private synchronized void closeDirect() {
        if (direct != null) {
            direct.close();
            direct = null;
        }
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
