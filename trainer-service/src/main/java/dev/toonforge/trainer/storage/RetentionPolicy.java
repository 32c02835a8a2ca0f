package dev.toonforge.trainer.storage;

/**
 * Which checkpoints a run keeps: the newest {@code keepLast}, every {@code keepEvery}th epoch (0: none), and always the
 * one {@code latest.json} names. Sample grids are never deleted.
 */
public record RetentionPolicy(int keepLast, int keepEvery) {

    public boolean keeps(int epoch, int latestEpoch) {
        boolean recent = epoch > latestEpoch - Math.max(keepLast, 1);
        boolean milestone = keepEvery > 0 && epoch % keepEvery == 0;
        return recent || milestone || epoch == latestEpoch;
    }
}
