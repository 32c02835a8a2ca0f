package dev.toonforge.dcgan;

import static dev.toonforge.dcgan.LayerSpec.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A named architecture: the generator and discriminator as lists of layers, plus the learning rates that suit it.
 * The generator takes a noise vector of {@link DcganConfig#noiseSize()} values and ends in tanh (images in [-1, 1]);
 * the discriminator ends in a single logit (the sigmoid lives in the loss).
 */
public record Preset(String name, int imageSize, double learningRateD, double learningRateG,
                     List<LayerSpec> generator, List<LayerSpec> discriminator) {

    /** 32x32, small widths: for tests and the CPU demo. Radford's rates: the seed notebook's collapse at 32 px. */
    public static final Preset TINY_32 = new Preset("tiny-32", 32, 2e-4, 2e-4,
            List.of(denseNoBias(4 * 4 * 64), reshape(64, 4, 4), batchNorm(), relu(),
                    convT(32, 4, 2, 1), batchNorm(), relu(),             // 8x8
                    convT(16, 4, 2, 1), batchNorm(), relu(),             // 16x16
                    convT(3, 4, 2, 1), tanh()),                          // 32x32
            List.of(conv(16, 4, 2, 1), leakyRelu(0.2),                   // 16x16
                    conv(32, 4, 2, 1), batchNorm(), leakyRelu(0.2),      // 8x8
                    conv(64, 4, 2, 1), batchNorm(), leakyRelu(0.2),      // 4x4
                    dense(1)));

    /**
     * Radford et al. / pytorch-examples at 64x64. The first ConvTranspose(nz, 512, 4, 1, 0) on a 1x1 input and the
     * last Conv(512, 1, 4, 1, 0) on a 4x4 input are written as the dense layers they are mathematically.
     */
    public static final Preset DCGAN_64 = new Preset("dcgan-64", 64, 2e-4, 2e-4,
            List.of(denseNoBias(4 * 4 * 512), reshape(512, 4, 4), batchNorm(), relu(),
                    convT(256, 4, 2, 1), batchNorm(), relu(),            // 8x8
                    convT(128, 4, 2, 1), batchNorm(), relu(),            // 16x16
                    convT(64, 4, 2, 1), batchNorm(), relu(),             // 32x32
                    convT(3, 4, 2, 1), tanh()),                          // 64x64
            List.of(conv(64, 4, 2, 1), leakyRelu(0.2),                   // 32x32
                    conv(128, 4, 2, 1), batchNorm(), leakyRelu(0.2),     // 16x16
                    conv(256, 4, 2, 1), batchNorm(), leakyRelu(0.2),     // 8x8
                    conv(512, 4, 2, 1), batchNorm(), leakyRelu(0.2),     // 4x4
                    denseNoBias(1)));

    /** gsurma/image_generator, the seed notebook: 128x128, 5x5 kernels, batch norm eps 5e-5, its own learning rates. */
    public static final Preset SEED_128 = new Preset("seed-128", 128, 4e-5, 4e-4,
            List.of(dense(8 * 8 * 1024), reshape(1024, 8, 8), leakyRelu(0.2),
                    convTSame(512, 5, 2), batchNorm(5e-5), leakyRelu(0.2),   // 16x16
                    convTSame(256, 5, 2), batchNorm(5e-5), leakyRelu(0.2),   // 32x32
                    convTSame(128, 5, 2), batchNorm(5e-5), leakyRelu(0.2),   // 64x64
                    convTSame(64, 5, 2), batchNorm(5e-5), leakyRelu(0.2),    // 128x128
                    convTSame(3, 5, 1), tanh()),
            List.of(convSame(64, 5, 2), batchNorm(5e-5), leakyRelu(0.2),     // 64x64
                    convSame(128, 5, 2), batchNorm(5e-5), leakyRelu(0.2),    // 32x32
                    convSame(256, 5, 2), batchNorm(5e-5), leakyRelu(0.2),    // 16x16
                    convSame(512, 5, 1), batchNorm(5e-5), leakyRelu(0.2),    // 16x16
                    convSame(1024, 5, 2), batchNorm(5e-5), leakyRelu(0.2),   // 8x8
                    dense(1)));

    private static final List<Preset> ALL = List.of(TINY_32, DCGAN_64, SEED_128);

    public Preset {
        generator = List.copyOf(generator);
        discriminator = List.copyOf(discriminator);
    }

    public static List<Preset> all() {
        return ALL;
    }

    public static Preset byName(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown DCGAN preset '" + name + "'; known presets: "
                        + ALL.stream().map(Preset::name).collect(Collectors.joining(", "))));
    }

    /** The two networks as text, one layer per line. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add(name + " (" + imageSize + "x" + imageSize + ", lrD=" + learningRateD + ", lrG=" + learningRateG + ")");
        lines.add("  G: " + generator.stream().map(Object::toString).collect(Collectors.joining(" -> ")));
        lines.add("  D: " + discriminator.stream().map(Object::toString).collect(Collectors.joining(" -> ")) + " (logit)");
        return String.join("\n", lines);
    }

    @Override
    public String toString() {
        return name;
    }
}
