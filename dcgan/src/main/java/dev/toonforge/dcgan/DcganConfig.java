package dev.toonforge.dcgan;

import java.util.Properties;

/**
 * Everything that shapes training, with the seed notebook's defaults. Learning rates default to the preset's own
 * (see {@link Preset}); the rest applies to every preset.
 *
 * @param preset            the architecture; fixes the image size
 * @param noiseSize         length of the noise vector z
 * @param batchSize         images per training step (the trainer's batches; {@link Dcgan#trainStep} accepts any size)
 * @param learningRateD     Adam learning rate of the discriminator
 * @param learningRateG     Adam learning rate of the generator
 * @param beta1             Adam beta1 for both networks (beta2 0.999, epsilon 1e-8)
 * @param instanceNoiseStd  std of the Gaussian noise added to real images (in [-1, 1] units) before D sees them; 0 = off
 * @param realLabel         D's target for real images (one-sided label smoothing: 0.9)
 * @param fakeLabel         D's target for generated images
 * @param discriminatorSteps D updates per G update
 * @param randomFlip        flip each real image horizontally with probability 1/2
 * @param noiseDistribution how z is drawn
 */
public record DcganConfig(Preset preset, int noiseSize, int batchSize, double learningRateD, double learningRateG,
                          double beta1, double instanceNoiseStd, double realLabel, double fakeLabel,
                          int discriminatorSteps, boolean randomFlip, NoiseDistribution noiseDistribution) {

    public enum NoiseDistribution {
        /** uniform(-1, 1), as in the seed notebook */
        UNIFORM,
        /** standard normal, as in pytorch-examples */
        NORMAL
    }

    public DcganConfig {
        if (preset == null) throw new IllegalArgumentException("preset is required");
        if (noiseSize < 1) throw new IllegalArgumentException("noiseSize must be at least 1, was " + noiseSize);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        if (!(learningRateD > 0) || !(learningRateG > 0))
            throw new IllegalArgumentException("learning rates must be positive, were D=" + learningRateD + " G=" + learningRateG);
        if (instanceNoiseStd < 0) throw new IllegalArgumentException("instanceNoiseStd must be >= 0 (0 switches it off), was " + instanceNoiseStd);
        if (discriminatorSteps < 1) throw new IllegalArgumentException("discriminatorSteps must be at least 1, was " + discriminatorSteps);
        if (noiseDistribution == null) throw new IllegalArgumentException("noiseDistribution is required");
    }

    /** The seed's defaults with the preset's learning rates. */
    public static DcganConfig forPreset(Preset preset) {
        return new DcganConfig(preset, 100, 64, preset.learningRateD(), preset.learningRateG(), 0.5, 0.05, 0.9, 0.0, 1,
                true, NoiseDistribution.UNIFORM);
    }

    /** @see Preset#byName(String) */
    public static DcganConfig forPreset(String presetName) {
        return forPreset(Preset.byName(presetName));
    }

    public int imageSize() {
        return preset.imageSize();
    }

    public DcganConfig withBatchSize(int value) {
        return new DcganConfig(preset, noiseSize, value, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, randomFlip, noiseDistribution);
    }

    public DcganConfig withNoiseSize(int value) {
        return new DcganConfig(preset, value, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, randomFlip, noiseDistribution);
    }

    public DcganConfig withLearningRates(double d, double g) {
        return new DcganConfig(preset, noiseSize, batchSize, d, g, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, randomFlip, noiseDistribution);
    }

    public DcganConfig withInstanceNoiseStd(double value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, value, realLabel,
                fakeLabel, discriminatorSteps, randomFlip, noiseDistribution);
    }

    public DcganConfig withLabels(double real, double fake) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, real,
                fake, discriminatorSteps, randomFlip, noiseDistribution);
    }

    public DcganConfig withDiscriminatorSteps(int value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, value, randomFlip, noiseDistribution);
    }

    public DcganConfig withRandomFlip(boolean value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, value, noiseDistribution);
    }

    public DcganConfig withNoiseDistribution(NoiseDistribution value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, randomFlip, value);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("preset", preset.name());
        p.setProperty("noiseSize", Integer.toString(noiseSize));
        p.setProperty("batchSize", Integer.toString(batchSize));
        p.setProperty("learningRateD", Double.toString(learningRateD));
        p.setProperty("learningRateG", Double.toString(learningRateG));
        p.setProperty("beta1", Double.toString(beta1));
        p.setProperty("instanceNoiseStd", Double.toString(instanceNoiseStd));
        p.setProperty("realLabel", Double.toString(realLabel));
        p.setProperty("fakeLabel", Double.toString(fakeLabel));
        p.setProperty("discriminatorSteps", Integer.toString(discriminatorSteps));
        p.setProperty("randomFlip", Boolean.toString(randomFlip));
        p.setProperty("noiseDistribution", noiseDistribution.name());
        return p;
    }

    static DcganConfig fromProperties(Properties p) {
        return new DcganConfig(Preset.byName(p.getProperty("preset")),
                Integer.parseInt(p.getProperty("noiseSize")),
                Integer.parseInt(p.getProperty("batchSize")),
                Double.parseDouble(p.getProperty("learningRateD")),
                Double.parseDouble(p.getProperty("learningRateG")),
                Double.parseDouble(p.getProperty("beta1")),
                Double.parseDouble(p.getProperty("instanceNoiseStd")),
                Double.parseDouble(p.getProperty("realLabel")),
                Double.parseDouble(p.getProperty("fakeLabel")),
                Integer.parseInt(p.getProperty("discriminatorSteps")),
                Boolean.parseBoolean(p.getProperty("randomFlip")),
                NoiseDistribution.valueOf(p.getProperty("noiseDistribution")));
    }
}
