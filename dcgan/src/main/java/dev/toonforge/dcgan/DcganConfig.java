package dev.toonforge.dcgan;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

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
 * @param augment           what is done to images before D sees them (see {@link Augmentation}); {@link Augmentation#FLIP}
 *                          is the seed's random flip of real images
 * @param noiseDistribution how z is drawn
 * @param emaDecay          decay of the exponential moving average of G's weights that {@link Dcgan#generator()} samples
 *                          from; 0 = off (samples come from the trained G itself), otherwise in [0.9, 1)
 */
public record DcganConfig(Preset preset, int noiseSize, int batchSize, double learningRateD, double learningRateG,
                          double beta1, double instanceNoiseStd, double realLabel, double fakeLabel,
                          int discriminatorSteps, Set<Augmentation> augment, NoiseDistribution noiseDistribution,
                          double emaDecay) {

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
        if (augment == null) throw new IllegalArgumentException("augment is required (an empty set switches it off)");
        if (noiseDistribution == null) throw new IllegalArgumentException("noiseDistribution is required");
        if (emaDecay != 0 && !(emaDecay >= 0.9 && emaDecay < 1))
            throw new IllegalArgumentException("emaDecay must be 0 (off) or in [0.9, 1), was " + emaDecay);
        augment = augment.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Augmentation.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(augment));
    }

    /** The seed's parameter list: a random flip of real images or none, no other augmentation, no EMA. */
    public DcganConfig(Preset preset, int noiseSize, int batchSize, double learningRateD, double learningRateG,
                       double beta1, double instanceNoiseStd, double realLabel, double fakeLabel,
                       int discriminatorSteps, boolean randomFlip, NoiseDistribution noiseDistribution) {
        this(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel, fakeLabel,
                discriminatorSteps, randomFlip ? EnumSet.of(Augmentation.FLIP) : EnumSet.noneOf(Augmentation.class),
                noiseDistribution, 0);
    }

    /** The seed's defaults with the preset's learning rates. */
    public static DcganConfig forPreset(Preset preset) {
        return new DcganConfig(preset, 100, 64, preset.learningRateD(), preset.learningRateG(), 0.5, 0.05, 0.9, 0.0, 1,
                EnumSet.of(Augmentation.FLIP), NoiseDistribution.UNIFORM, 0);
    }

    /** @see Preset#byName(String) */
    public static DcganConfig forPreset(String presetName) {
        return forPreset(Preset.byName(presetName));
    }

    public int imageSize() {
        return preset.imageSize();
    }

    /** Whether real images are flipped at random: {@link Augmentation#FLIP} is in {@link #augment()}. */
    public boolean randomFlip() {
        return augment.contains(Augmentation.FLIP);
    }

    /** Whether any of DiffAugment's augmentations is on (D then sees augmented real and generated images). */
    public boolean diffAugment() {
        return augment.stream().anyMatch(Augmentation::differentiable);
    }

    /** Whether {@link Dcgan#generator()} samples from a moving average of G's weights. */
    public boolean ema() {
        return emaDecay > 0;
    }

    public DcganConfig withBatchSize(int value) {
        return new DcganConfig(preset, noiseSize, value, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, augment, noiseDistribution, emaDecay);
    }

    public DcganConfig withNoiseSize(int value) {
        return new DcganConfig(preset, value, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, augment, noiseDistribution, emaDecay);
    }

    public DcganConfig withLearningRates(double d, double g) {
        return new DcganConfig(preset, noiseSize, batchSize, d, g, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, augment, noiseDistribution, emaDecay);
    }

    public DcganConfig withInstanceNoiseStd(double value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, value, realLabel,
                fakeLabel, discriminatorSteps, augment, noiseDistribution, emaDecay);
    }

    public DcganConfig withLabels(double real, double fake) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, real,
                fake, discriminatorSteps, augment, noiseDistribution, emaDecay);
    }

    public DcganConfig withDiscriminatorSteps(int value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, value, augment, noiseDistribution, emaDecay);
    }

    /** Adds or removes {@link Augmentation#FLIP}, leaving the other augmentations as they are. */
    public DcganConfig withRandomFlip(boolean value) {
        Set<Augmentation> set = augment.isEmpty() ? EnumSet.noneOf(Augmentation.class) : EnumSet.copyOf(augment);
        if (value) {
            set.add(Augmentation.FLIP);
        } else {
            set.remove(Augmentation.FLIP);
        }
        return withAugment(set);
    }

    /** The whole set of augmentations (FLIP included or not). */
    public DcganConfig withAugment(Set<Augmentation> value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, value, noiseDistribution, emaDecay);
    }

    public DcganConfig withNoiseDistribution(NoiseDistribution value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, augment, value, emaDecay);
    }

    /** 0 switches the moving average off; otherwise in [0.9, 1) (0.999 is usual). */
    public DcganConfig withEmaDecay(double value) {
        return new DcganConfig(preset, noiseSize, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, realLabel,
                fakeLabel, discriminatorSteps, augment, noiseDistribution, value);
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
        p.setProperty("augment", Augmentation.ids(augment));
        p.setProperty("noiseDistribution", noiseDistribution.name());
        p.setProperty("emaDecay", Double.toString(emaDecay));
        return p;
    }

    /**
     * Reads {@link #toProperties}. Files written before augmentations and the moving average existed have
     * "randomFlip" instead of "augment" (true meaning {@link Augmentation#FLIP}) and no "emaDecay" (off).
     */
    static DcganConfig fromProperties(Properties p) {
        String augment = p.getProperty("augment");
        Set<Augmentation> set = augment != null ? Augmentation.parseIds(augment)
                : Boolean.parseBoolean(p.getProperty("randomFlip")) ? EnumSet.of(Augmentation.FLIP)
                : EnumSet.noneOf(Augmentation.class);
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
                set,
                NoiseDistribution.valueOf(p.getProperty("noiseDistribution")),
                Double.parseDouble(p.getProperty("emaDecay", "0")));
    }
}
