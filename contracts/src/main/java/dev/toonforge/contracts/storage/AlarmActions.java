package dev.toonforge.contracts.storage;

/**
 * A run's answer to each warning alarm. Divergence has no option: a diverged run cannot go on, so it always fails.
 *
 * @param collapse          on mode collapse
 * @param discriminatorWins on a discriminator that wins outright
 */
public record AlarmActions(AlarmAction collapse, AlarmAction discriminatorWins) {

    /** Warn on both: what runs created before alarms existed get. */
    public static final AlarmActions WARN = new AlarmActions(AlarmAction.warn, AlarmAction.warn);

    public AlarmActions {
        if (collapse == null) {
            collapse = AlarmAction.warn;
        }
        if (discriminatorWins == null) {
            discriminatorWins = AlarmAction.warn;
        }
    }

    /** The action for a warning alarm; divergence always stops the run as failed. */
    public AlarmAction actionFor(AlarmKind kind) {
        return switch (kind) {
            case collapse -> collapse;
            case discriminatorWins -> discriminatorWins;
            case divergence -> AlarmAction.stop;
        };
    }
}
