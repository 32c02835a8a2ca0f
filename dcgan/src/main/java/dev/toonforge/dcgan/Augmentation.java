package dev.toonforge.dcgan;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is done to images before the discriminator sees them. {@link #FLIP} mirrors real images only (it does not
 * change what the data set is); the other three are DiffAugment's (Zhao et al. 2020): drawn per image from the step's
 * random stream, applied to real and generated images alike every time D sees them, and differentiated through in
 * G's update.
 */
public enum Augmentation {
    /** Mirror each real image horizontally with probability 1/2. */
    FLIP("flip"),
    /** Shift by up to 1/8 of the size in x and y, zero padding. */
    TRANSLATION("translation"),
    /** Random brightness, saturation and contrast (DiffAugment's rand_brightness, rand_saturation, rand_contrast). */
    COLOR("color"),
    /** Zero a square of half the size at a random place. */
    CUTOUT("cutout");

    private final String id;

    Augmentation(String id) {
        this.id = id;
    }

    /** The lower-case id used in configuration and checkpoints. */
    public String id() {
        return id;
    }

    /** True for the augmentations D sees on both real and generated images (all but {@link #FLIP}). */
    public boolean differentiable() {
        return this != FLIP;
    }

    public static Augmentation byId(String id) {
        for (Augmentation a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + id + "'; valid ids: "
                + Arrays.stream(values()).map(Augmentation::id).collect(Collectors.joining(", ")));
    }

    /** Comma-separated ids ("" for none), blanks ignored. */
    public static Set<Augmentation> parseIds(String ids) {
        Set<Augmentation> set = EnumSet.noneOf(Augmentation.class);
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                set.add(byId(id.trim()));
            }
        }
        return set;
    }

    /** The ids of {@code set}, comma-separated, in declaration order. */
    public static String ids(Collection<Augmentation> set) {
        return set.stream().sorted().map(Augmentation::id).collect(Collectors.joining(","));
    }
}
