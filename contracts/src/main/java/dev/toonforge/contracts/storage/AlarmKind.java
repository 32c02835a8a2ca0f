package dev.toonforge.contracts.storage;

/** The ways a GAN run can go wrong that the trainer watches for. */
public enum AlarmKind {
    /** The generated samples lost their diversity: the generator draws (nearly) the same image for every z. */
    collapse,
    /** The discriminator wins outright: its loss stays near zero while the generator's climbs. */
    discriminatorWins,
    /** A loss or a parameter became NaN or infinite; the run fails and keeps its last good checkpoint. */
    divergence
}
