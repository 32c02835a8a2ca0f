package dev.toonforge.dcgan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import dev.toonforge.dcgan.augment.DiffAugment;
import dev.toonforge.dcgan.backend.BackendInfo;
import dev.toonforge.dcgan.cpu.ConvolutionLayers;
import dev.toonforge.dcgan.cpu.NetworkFactory;
import dev.toonforge.dcgan.cpu.TrainingOutputBuffer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DCGAN being trained: generator G, discriminator D, both Adam optimizers, and the counters and random streams
 * that make a step reproducible.
 *
 * <p>One {@link #trainStep} is the pytorch-examples step: D is updated on real images (label {@code realLabel}, with
 * instance noise and random flips) plus G(z) (label {@code fakeLabel}); then G is updated so that D calls G(z) real
 * (label 1). D's gradient with respect to its input is fed into G as the external error, so no network is copied or
 * frozen. With DiffAugment on ({@link DcganConfig#augment()}), D sees every real and generated batch augmented, and
 * in G's update its input gradient goes back through the same augmentation. With a moving average of G
 * ({@link DcganConfig#emaDecay()}), the average follows every G update and is what {@link #generator()} samples.
 *
 * <p>Every random draw of step k comes from a stream seeded by (seed, k), so the state to save is just the
 * parameters, the optimizer states and the counters; a run resumed from {@link #save} continues bit for bit.
 *
 * <p>Not thread-safe: one thread trains.
 */
public final class Dcgan {

    static final String CHECKPOINT_FORMAT = "toonforge-dcgan-checkpoint/1";
    /** The checkpoint entry of the moving average of G's parameters (present when the config has one). */
    static final String EMA_ENTRY = "generator.ema";

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private final DcganConfig config;
    private final long seed;
    private final DataType dataType;
    private final MultiLayerNetwork generator;
    private final MultiLayerNetwork discriminator;
    private final NoiseSource noise;
    private final DiffAugment diffAugment;
    /** The moving average of G's weights that {@link #generator()} samples from; null when the config has none. */
    private final GeneratorAverage average;
    private long step;
    private long discriminatorUpdates;
    private int epoch;
    private Generator liveGenerator;
    private Generator averageGenerator;
    /** D's gradient on the real batch, kept while D runs on the fake one (written again each step). */
    private INDArray realGradient;

    private Dcgan(DcganConfig config, long seed, DataType dataType) {
        BackendInfo.logOnce();
        this.config = config;
        this.seed = seed;
        this.dataType = dataType;
        this.generator = NetworkFactory.generator(config, seed, dataType);
        this.discriminator = NetworkFactory.discriminator(config, seed + 1, dataType);
        this.noise = new NoiseSource(config.noiseSize(), config.noiseDistribution());
        this.diffAugment = new DiffAugment(config.augment());
        this.average = config.ema()
                ? new GeneratorAverage(config.emaDecay(), NetworkFactory.generator(config, seed, dataType), generator.params())
                : null;
        TrainingOutputBuffer.use(generator, true);       // each pass below is consumed before the network's next one
        TrainingOutputBuffer.use(discriminator, true);
    }

    /** A fresh GAN; the same config and seed give the same initial weights and the same training run. */
    public static Dcgan create(DcganConfig config, long seed) {
        return new Dcgan(config, seed, DataType.FLOAT);
    }

    /**
     * A new GAN that starts from {@code source}'s weights (G and D, with batch-norm statistics): its own configuration,
     * seed and counters (step and epoch 0), and fresh Adam state unless {@code carryOptimizerState}, which copies the
     * source's. The preset must be the source's (the same architecture); hyperparameters may differ. A moving average
     * of G (when {@code config} has one) starts from the source's average, or from the source's G when it has none.
     */
    public static Dcgan fineTune(DcganConfig config, long seed, Dcgan source, boolean carryOptimizerState) {
        if (!config.preset().name().equals(source.config.preset().name())) {
            throw new IllegalArgumentException("cannot fine-tune a " + config.preset().name() + " GAN from a "
                    + source.config.preset().name() + " one");
        }
        Dcgan gan = new Dcgan(config, seed, source.dataType);
        copy(source.generator, gan.generator, carryOptimizerState);
        copy(source.discriminator, gan.discriminator, carryOptimizerState);
        if (gan.average != null) {
            gan.average.set(source.average != null ? source.average.params() : source.generator.params());
        }
        return gan;
    }

    private static void copy(MultiLayerNetwork from, MultiLayerNetwork to, boolean optimizerState) {
        to.setParams(from.params().dup());
        if (optimizerState) {
            to.getUpdater().getStateViewArray().assign(from.getUpdater().getStateViewArray());
        }
    }

    /** For the gradient check: the same networks in double precision. */
    static Dcgan create(DcganConfig config, long seed, DataType dataType) {
        return new Dcgan(config, seed, dataType);
    }

    public DcganConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** G updates done so far. */
    public long step() {
        return step;
    }

    /** The trainer's epoch counter; saved with the checkpoint, not used by the step. */
    public int epoch() {
        return epoch;
    }

    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    public NoiseSource noise() {
        return noise;
    }

    /**
     * The generator to sample from: the moving average of G's weights when the config has one ({@link #hasEma()}),
     * else G itself. It shares this GAN's weights, so it sees later training. Always the same object: its oneDNN pass
     * ({@link dev.toonforge.dcgan.cpu.OneDnnGenerator}) is folded again only when the step has moved (the average
     * moves with every G update, so exactly then).
     */
    public synchronized Generator generator() {
        if (average == null) {
            return trainedGenerator();
        }
        if (averageGenerator == null) {
            averageGenerator = new Generator(config, average.network(), () -> this.step);
        }
        return averageGenerator;
    }

    /** G itself as a sampler, the moving average or not (the same as {@link #generator()} without one). */
    public synchronized Generator trainedGenerator() {
        if (liveGenerator == null) {
            liveGenerator = new Generator(config, generator, () -> this.step);
        }
        return liveGenerator;
    }

    /** Whether {@link #generator()} samples from a moving average of G's weights ({@link DcganConfig#emaDecay()} > 0). */
    public boolean hasEma() {
        return average != null;
    }

    /**
     * One training step on a batch of real images: shape [n, 3, size, size], values in [-1, 1] (see
     * {@link ImageTensors}). n may differ from {@link DcganConfig#batchSize()}; the fake batch has the same n.
     *
     * @throws TrainingDivergedException when a loss, or G's or D's weights after their update, are not finite; the GAN
     *                                   is then unusable (resume from a checkpoint)
     */
    public StepResult trainStep(INDArray realBatch) {
        int size = config.imageSize();
        long[] shape = realBatch.shape();
        if (shape.length != 4 || shape[1] != 3 || shape[2] != size || shape[3] != size) {
            throw new IllegalArgumentException("a " + config.preset().name() + " batch must have shape [n, 3, " + size + ", "
                    + size + "], got " + Arrays.toString(shape));
        }
        int n = (int) shape[0];
        SplittableRandom random = stepRandom(step);
        INDArray real = realBatch.castTo(dataType);

        DiscriminatorPass pass = null;
        INDArray fake = null;
        for (int k = 0; k < config.discriminatorSteps(); k++) {
            INDArray z = noise.sample(random, n, dataType);
            fake = forwardGenerator(z);
            pass = discriminatorGradient(diffAugment(augment(real, random), random), diffAugment(fake, random));
            requireFinite(pass.loss, "the discriminator's loss");
            apply(discriminator, pass.gradient, discriminatorUpdates++, n);
        }
        requireFinite(discriminator, "the discriminator's weights");
        // G's layers still hold the inputs of the last forward pass above: reuse that fake batch, as pytorch does.
        Pair<Gradient, Double> g = diffAugment.active()
                ? generatorGradient(fake, diffAugment.draw(random, n, size))
                : generatorGradient(fake);
        requireFinite(g.getSecond(), "the generator's loss");
        apply(generator, g.getFirst(), step, n);
        requireFinite(generator, "the generator's weights");
        if (average != null) {
            average.update(generator.params(), step);
        }
        step++;
        return new StepResult(step, pass.loss, g.getSecond(), pass.meanReal, pass.meanFake);
    }

    /** Images in [-1, 1] for the given z ([n, noiseSize]), in inference mode (batch-norm running statistics). */
    public INDArray generate(INDArray z) {
        return generator().generate(z);
    }

    /**
     * Saves everything a resumed run needs: configuration, seed, counters, G and D parameters (with batch-norm running
     * statistics) and both Adam states. The stream is left open.
     */
    public void save(OutputStream out) throws IOException {
        Properties state = new Properties();
        state.setProperty("format", CHECKPOINT_FORMAT);
        state.setProperty("seed", Long.toString(seed));
        state.setProperty("step", Long.toString(step));
        state.setProperty("discriminatorUpdates", Long.toString(discriminatorUpdates));
        state.setProperty("epoch", Integer.toString(epoch));
        state.setProperty("dataType", dataType.name());
        try (Archive.Writer w = new Archive.Writer(out)) {
            w.properties("config.properties", config.toProperties());
            w.properties("state.properties", state);
            w.array("generator.params", generator.params());
            w.array("generator.updater", generator.getUpdater().getStateViewArray());
            w.array("discriminator.params", discriminator.params());
            w.array("discriminator.updater", discriminator.getUpdater().getStateViewArray());
            if (average != null) {
                w.array(EMA_ENTRY, average.params());
            }
        }
    }

    /** Reads what {@link #save} wrote; training continues exactly where it stopped. */
    public static Dcgan load(InputStream in) throws IOException {
        String what = "DCGAN checkpoint";
        Map<String, byte[]> entries = Archive.readAll(in, what);
        Properties state = Archive.properties(entries, "state.properties", what);
        if (!CHECKPOINT_FORMAT.equals(state.getProperty("format"))) {
            throw new IOException("not a DCGAN checkpoint: format is '" + state.getProperty("format") + "', expected '"
                    + CHECKPOINT_FORMAT + "' (a generator export loads with Generator.load)");
        }
        DcganConfig config = DcganConfig.fromProperties(Archive.properties(entries, "config.properties", what));
        Dcgan gan = new Dcgan(config, Long.parseLong(state.getProperty("seed")),
                DataType.valueOf(state.getProperty("dataType")));
        gan.step = Long.parseLong(state.getProperty("step"));
        gan.discriminatorUpdates = Long.parseLong(state.getProperty("discriminatorUpdates"));
        gan.epoch = Integer.parseInt(state.getProperty("epoch"));
        restore(gan.generator, "generator", Archive.array(entries, "generator.params", what),
                Archive.array(entries, "generator.updater", what));
        restore(gan.discriminator, "discriminator", Archive.array(entries, "discriminator.params", what),
                Archive.array(entries, "discriminator.updater", what));
        if (gan.average != null) {
            INDArray ema = Archive.array(entries, EMA_ENTRY, what);
            if (ema.length() != gan.average.params().length()) {
                throw new IOException("the checkpoint's " + EMA_ENTRY + " has " + ema.length() + " values, expected "
                        + gan.average.params().length());
            }
            gan.average.set(ema.castTo(gan.average.params().dataType()));
        }
        return gan;
    }

    /**
     * Writes the generator to sample from ({@link #generator()}: the moving average when there is one) alone:
     * parameters and batch-norm statistics, no D, no optimizer state, for {@link Generator#load}.
     */
    public void exportGenerator(OutputStream out) throws IOException {
        generator().save(out);
    }

    // ---- the step, in parts (package-private for the gradient check) ----

    record DiscriminatorPass(Gradient gradient, double loss, double meanReal, double meanFake) {
    }

    /** G(z) in training mode, keeping G's layer inputs for the backward pass. */
    INDArray forwardGenerator(INDArray z) {
        generator.setInput(z);
        List<INDArray> activations = generator.feedForward(true, false);
        return activations.get(activations.size() - 1);
    }

    /**
     * Gradient of BCE(D(real), realLabel) + BCE(D(fake), fakeLabel), left summed over the batch in D's gradient view
     * (DL4J's updater divides by the batch size).
     */
    DiscriminatorPass discriminatorGradient(INDArray real, INDArray fake) {
        Backward onReal = backwardDiscriminator(real, config.realLabel(), false);
        INDArray onRealGradient = onReal.gradient.gradient();
        if (realGradient == null || !realGradient.equalShapes(onRealGradient)) {
            realGradient = onRealGradient.dup();
        } else {
            realGradient.assign(onRealGradient);
        }
        Backward onFake = backwardDiscriminator(fake, config.fakeLabel(), false);
        onFake.gradient.gradient().addi(realGradient);
        return new DiscriminatorPass(onFake.gradient, onReal.loss + onFake.loss, onReal.meanScore, onFake.meanScore);
    }

    /** Gradient of BCE(D(G(z)), 1) for G's parameters, through D (whose own gradient is discarded). */
    Pair<Gradient, Double> generatorGradient(INDArray fake) {
        Backward throughD = backwardThroughDiscriminator(fake);
        Pair<Gradient, INDArray> g = generator.backpropGradient(throughD.inputGradient, NO_WORKSPACES);
        return Pair.of(g.getFirst(), throughD.loss);
    }

    /**
     * Gradient of BCE(D(T(G(z))), 1) for G's parameters, T the drawn augmentation: D's input gradient goes back through
     * T's adjoint before it enters G.
     */
    Pair<Gradient, Double> generatorGradient(INDArray fake, DiffAugment.Draw augmentation) {
        Backward throughD = backwardThroughDiscriminator(floats(augmentation.apply(floats(fake)), fake.shape()));
        INDArray error = floats(augmentation.adjoint(floats(throughD.inputGradient)), fake.shape());
        Pair<Gradient, INDArray> g = generator.backpropGradient(error, NO_WORKSPACES);
        return Pair.of(g.getFirst(), throughD.loss);
    }

    private Backward backwardThroughDiscriminator(INDArray images) {
        ConvolutionLayers.inputGradientOnly(discriminator, true);   // D's parameter gradients are not used here
        try {
            return backwardDiscriminator(images, 1.0, true);
        } finally {
            ConvolutionLayers.inputGradientOnly(discriminator, false);
        }
    }

    /** DiffAugment on a batch D is about to see (a copy), its parameters drawn from the step's stream; or the batch. */
    private INDArray diffAugment(INDArray images, SplittableRandom random) {
        if (!diffAugment.active()) {
            return images;
        }
        long[] shape = images.shape();
        return floats(diffAugment.draw(random, (int) shape[0], (int) shape[2]).apply(floats(images)), shape);
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private INDArray floats(float[] values, long[] shape) {
        return Nd4j.create(values, shape, 'c').castTo(dataType);
    }

    /** The loss {@link #discriminatorGradient} differentiates, by forward passes only (for finite differences). */
    double discriminatorLoss(INDArray real, INDArray fake) {
        return meanBce(real, config.realLabel()) + meanBce(fake, config.fakeLabel());
    }

    /** The loss {@link #generatorGradient} differentiates, by forward passes only. */
    double generatorLoss(INDArray z) {
        generator.setInput(z);
        List<INDArray> activations = generator.feedForward(true, true);
        return meanBce(activations.get(activations.size() - 1), 1.0);
    }

    private double meanBce(INDArray images, double label) {
        discriminator.setInput(images);
        List<INDArray> activations = discriminator.feedForward(true, true);
        double[] logits = activations.get(activations.size() - 1).castTo(DataType.DOUBLE).data().asDouble();
        double loss = 0;
        for (double l : logits) {
            loss += bce(l, label);
        }
        return loss / logits.length;
    }

    private static double bce(double logit, double label) {
        return Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));
    }

    MultiLayerNetwork generatorNetwork() {
        return generator;
    }

    MultiLayerNetwork discriminatorNetwork() {
        return discriminator;
    }

    private record Backward(Gradient gradient, INDArray inputGradient, double loss, double meanScore) {
    }

    /** D forward (training mode) and backward for BCE-with-logits against a constant label. */
    private Backward backwardDiscriminator(INDArray images, double label, boolean wantInputGradient) {
        discriminator.setInput(images);
        List<INDArray> activations = discriminator.feedForward(true, false);
        double[] logits = activations.get(activations.size() - 1).castTo(DataType.DOUBLE).data().asDouble();
        double[] dLogits = new double[logits.length];
        double loss = 0;
        double score = 0;
        for (int i = 0; i < logits.length; i++) {
            double l = logits[i];
            double p = 1.0 / (1.0 + Math.exp(-l));
            loss += bce(l, label);
            score += p;
            dLogits[i] = p - label;   // d loss_i / d logit_i; summed, not averaged: the updater divides by n
        }
        INDArray epsilon = Nd4j.create(dLogits, new long[] {logits.length, 1}, 'c').castTo(dataType);
        if (!wantInputGradient) {   // D on real or detached fake images: PyTorch's reference skips it too
            ConvolutionLayers.noInputGradient(discriminator, true);
        }
        Pair<Gradient, INDArray> p;
        try {
            p = discriminator.backpropGradient(epsilon, NO_WORKSPACES);
        } finally {
            if (!wantInputGradient) {
                ConvolutionLayers.noInputGradient(discriminator, false);
            }
        }
        return new Backward(p.getFirst(), wantInputGradient ? p.getSecond() : null, loss / logits.length,
                score / logits.length);
    }

    private static void apply(MultiLayerNetwork net, Gradient gradient, long iteration, int batchSize) {
        net.getUpdater().update(net, gradient, (int) iteration, 0, batchSize, NO_WORKSPACES);
        net.params().subi(gradient.gradient());
    }

    /**
     * Random horizontal flips and Gaussian instance noise on the real batch (a copy). The copy is changed in place in
     * its own off-heap memory: a Java array of a whole batch is large enough for G1 to allocate it as a humongous
     * object, and one per step would keep the collector marking the heap.
     */
    private INDArray augment(INDArray real, SplittableRandom random) {
        if (!config.randomFlip() && config.instanceNoiseStd() == 0) {
            return real;
        }
        long[] shape = real.shape();
        int n = (int) shape[0];
        int h = (int) shape[2];
        int w = (int) shape[3];
        INDArray copy = real.castTo(DataType.FLOAT).dup('c');   // a whole C-order array: its buffer is its values
        FloatBuffer data = copy.data().asNioFloat();
        if (config.randomFlip()) {
            int image = 3 * h * w;
            for (int i = 0; i < n; i++) {
                if (random.nextBoolean()) {
                    for (int row = i * image; row < (i + 1) * image; row += w) {
                        for (int a = row, b = row + w - 1; a < b; a++, b--) {
                            float t = data.get(a);
                            data.put(a, data.get(b));
                            data.put(b, t);
                        }
                    }
                }
            }
        }
        double std = config.instanceNoiseStd();
        if (std > 0) {
            for (int i = 0, length = (int) copy.length(); i < length; i++) {
                data.put(i, data.get(i) + (float) (std * random.nextGaussian()));
            }
        }
        return copy.castTo(dataType);
    }

    private void requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(step + 1, what + " is " + value);
        }
    }

    /** The sum of all parameters is finite exactly when no parameter is NaN or infinite (short of overflow). */
    private void requireFinite(MultiLayerNetwork net, String what) {
        double sum = net.params().sumNumber().doubleValue();
        if (!Double.isFinite(sum)) {
            throw new TrainingDivergedException(step + 1, what + " are not all finite (their sum is " + sum + ")");
        }
    }

    /** The moving average of G's parameters, or null (for tests). */
    INDArray averageParams() {
        return average == null ? null : average.params();
    }

    private SplittableRandom stepRandom(long k) {
        // SplittableRandom mixes its seed; the odd multiplier keeps (seed, k) pairs apart.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
    }

    private static void restore(MultiLayerNetwork net, String name, INDArray params, INDArray updater) throws IOException {
        if (params.length() != net.numParams()) {
            throw new IOException("the checkpoint's " + name + " has " + params.length() + " parameters, but the preset builds "
                    + net.numParams() + ": it was written by a different version of this preset");
        }
        net.setParams(params.castTo(net.params().dataType()).reshape(net.params().shape()));
        INDArray state = net.getUpdater().getStateViewArray();
        if (state.length() != updater.length()) {
            throw new IOException("the checkpoint's " + name + " optimizer state has " + updater.length()
                    + " values, expected " + state.length());
        }
        state.assign(updater.reshape(state.shape()));
    }
}
