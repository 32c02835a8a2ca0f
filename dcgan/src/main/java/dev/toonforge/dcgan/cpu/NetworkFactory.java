package dev.toonforge.dcgan.cpu;

import java.util.List;

import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.LayerSpec;
import dev.toonforge.dcgan.backend.NativeBackend;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** Turns a preset's layer lists into DL4J MultiLayerNetworks (weights from N(0, 0.02), Adam). */
public final class NetworkFactory {

    static {
        NativeBackend.configure();   // before the first layer is built: DL4J picks its layer helpers then
    }

    static final double WEIGHT_STD = 0.02;
    static final double ADAM_BETA2 = 0.999;
    static final double ADAM_EPSILON = 1e-8;
    /** Running statistics: new = 0.9 old + 0.1 batch, PyTorch's momentum 0.1. */
    static final double BATCH_NORM_DECAY = 0.9;

    private NetworkFactory() {
    }

    public static MultiLayerNetwork generator(DcganConfig config, long seed, DataType dataType) {
        return build(config.preset().generator(), InputType.feedForward(config.noiseSize()),
                new Adam(config.learningRateG(), config.beta1(), ADAM_BETA2, ADAM_EPSILON), seed, dataType);
    }

    public static MultiLayerNetwork discriminator(DcganConfig config, long seed, DataType dataType) {
        int size = config.imageSize();
        return build(config.preset().discriminator(), InputType.convolutional(size, size, 3),
                new Adam(config.learningRateD(), config.beta1(), ADAM_BETA2, ADAM_EPSILON), seed, dataType);
    }

    /**
     * Which of our faster layers replace DL4J's own (tests compare the two).
     *
     * @param reuseForward convolutions that do not recompute their forward pass in the backward pass
     *                     ({@link ConvolutionLayers}; bit-identical results)
     * @param elementWiseInJava batch norm and the (leaky) ReLU after it as one layer ({@link NormActivation}), other
     *                          LeakyReLUs as {@link LeakyRelu}: loops in Java, the same numbers up to float rounding.
     *                          CPU builds only: their loops read and write ND4J's host memory, which a CUDA build
     *                          would not copy back to the card
     * @param oneDnnConvolutions convolutions and transposed convolutions (with {@code reuseForward}) train through
     *                           {@link OneDnnConvolution}: oneDNN's primitives called directly and kept, and only
     *                           the gradients a pass needs. CPU builds only
     */
    record Layers(boolean reuseForward, boolean elementWiseInJava, boolean oneDnnConvolutions) {
        static final Layers FAST = new Layers(true, true, true);
        static final Layers DL4J = new Layers(false, false, false);
    }

    static MultiLayerNetwork build(List<LayerSpec> specs, InputType inputType, Adam adam, long seed,
                                           DataType dataType) {
        return build(specs, inputType, adam, seed, dataType, Layers.FAST);
    }

    static MultiLayerNetwork build(List<LayerSpec> specs, InputType inputType, Adam adam, long seed,
                                   DataType dataType, Layers layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(adam)
                .weightInit(new NormalDistribution(0, WEIGHT_STD))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        boolean elementWiseInJava = layers.elementWiseInJava() && NativeBackend.isCpu();
        int index = 0;
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            if (spec instanceof LayerSpec.Reshape r) {
                list.inputPreProcessor(index, new FeedForwardToCnnPreProcessor(r.height(), r.width(), r.channels()));
                continue;
            }
            LayerSpec next = i + 1 < specs.size() ? specs.get(i + 1) : null;
            Double slope = negativeSlope(next);
            if (elementWiseInJava && spec instanceof LayerSpec.BatchNorm b && slope != null) {
                list.layer(index++, NormActivation.conf(b.eps(), BATCH_NORM_DECAY, slope));
                i++;
                continue;
            }
            if (elementWiseInJava && spec instanceof LayerSpec.LeakyRelu l) {
                list.layer(index++, LeakyRelu.conf(l.alpha()));
                continue;
            }
            for (Layer layer : toLayers(spec, layers.reuseForward(), layers.oneDnnConvolutions() && NativeBackend.isCpu())) {
                list.layer(index++, layer);
            }
        }
        list.setInputType(inputType);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** The slope for x < 0 of a (leaky) ReLU spec, or null for any other spec. */
    private static Double negativeSlope(LayerSpec spec) {
        if (spec instanceof LayerSpec.LeakyRelu l) {
            return l.alpha();
        }
        return spec instanceof LayerSpec.Relu ? 0.0 : null;
    }

    private static List<Layer> toLayers(LayerSpec spec, boolean reuseForward, boolean oneDnn) {
        if (spec instanceof LayerSpec.Conv c && c.transposed() && c.padding() < 0) {
            return transposedSame(c, reuseForward, oneDnn);
        }
        return List.of(toLayer(spec, reuseForward, oneDnn));
    }

    /**
     * A "same" transposed convolution (output = input x stride) as an explicitly padded one plus a crop of the last
     * row and column where needed: the same numbers as DL4J's {@code ConvolutionMode.Same} (which trims
     * floor((k - s) / 2) at the top and left and the rest at the bottom and right), but libnd4j's oneDNN
     * deconvolution only takes explicit padding; in "same" mode it falls back to a generic kernel that is several times
     * slower and needs large column buffers at 128 px. The crop has no parameters, so checkpoints are the same as with
     * DL4J's "same" layer.
     */
    private static List<Layer> transposedSame(LayerSpec.Conv c, boolean reuseForward, boolean oneDnn) {
        int excess = c.kernel() - c.stride();
        if (excess < 0) {
            throw new IllegalArgumentException("a 'same' transposed convolution needs kernel >= stride: " + c);
        }
        int pad = excess / 2;
        Layer deconvolution = deconvolution(new Deconvolution2D.Builder().nOut(c.out())
                .kernelSize(c.kernel(), c.kernel()).stride(c.stride(), c.stride()).padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate).hasBias(c.bias()).activation(Activation.IDENTITY), reuseForward,
                oneDnn);
        int crop = excess - 2 * pad;
        return crop == 0 ? List.of(deconvolution) : List.of(deconvolution, new Cropping2D(0, crop, 0, crop));
    }

    private static Layer toLayer(LayerSpec spec, boolean reuseForward, boolean oneDnn) {
        if (spec instanceof LayerSpec.Dense d) {
            return new DenseLayer.Builder().nOut(d.out()).hasBias(d.bias()).activation(Activation.IDENTITY).build();
        }
        if (spec instanceof LayerSpec.Conv c) {
            ConvolutionMode mode = c.padding() < 0 ? ConvolutionMode.Same : ConvolutionMode.Truncate;
            int pad = Math.max(c.padding(), 0);
            if (c.transposed()) {
                return deconvolution(new Deconvolution2D.Builder().nOut(c.out())
                        .kernelSize(c.kernel(), c.kernel()).stride(c.stride(), c.stride()).padding(pad, pad)
                        .convolutionMode(mode).hasBias(c.bias()).activation(Activation.IDENTITY), reuseForward, oneDnn);
            }
            ConvolutionLayer.Builder convolution = new ConvolutionLayer.Builder().nOut(c.out())
                    .kernelSize(c.kernel(), c.kernel()).stride(c.stride(), c.stride()).padding(pad, pad)
                    .convolutionMode(mode).hasBias(c.bias()).activation(Activation.IDENTITY);
            return reuseForward ? ConvolutionLayers.convolution(convolution, oneDnn) : convolution.build();
        }
        if (spec instanceof LayerSpec.BatchNorm b) {
            return new BatchNormalization.Builder().eps(b.eps()).decay(BATCH_NORM_DECAY).build();
        }
        if (spec instanceof LayerSpec.LeakyRelu l) {
            return new ActivationLayer.Builder().activation(new ActivationLReLU(l.alpha())).build();
        }
        if (spec instanceof LayerSpec.Relu) {
            return new ActivationLayer.Builder().activation(Activation.RELU).build();
        }
        if (spec instanceof LayerSpec.Tanh) {
            return new ActivationLayer.Builder().activation(Activation.TANH).build();
        }
        throw new IllegalArgumentException("no DL4J layer for " + spec);
    }

    private static Layer deconvolution(Deconvolution2D.Builder builder, boolean reuseForward, boolean oneDnn) {
        return reuseForward ? ConvolutionLayers.deconvolution(builder, oneDnn) : builder.build();
    }
}
