package dev.toonforge.trainer.storage;

import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.ServingChoice;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which checkpoints a run keeps: the newest {@code keepLast}, every {@code keepEvery}th epoch (0: none), always the one
 * {@code latest.json} names, and every epoch in {@code protectedEpochs}: the ones its dataset serves by pin (now or as a
 * rollback target) and the ones other runs were fine-tuned from ({@link #protectedEpochs}). Sample grids are never
 * deleted.
 */
public record RetentionPolicy(int keepLast, int keepEvery, Set<Integer> protectedEpochs) {

    public RetentionPolicy {
        protectedEpochs = Set.copyOf(protectedEpochs);
    }

    public RetentionPolicy(int keepLast, int keepEvery) {
        this(keepLast, keepEvery, Set.of());
    }

    /** A run's own retention (from its request) or, where it set none, the trainer's. */
    public static RetentionPolicy forRun(RunConfig run, int defaultKeepLast, int defaultKeepEvery) {
        return new RetentionPolicy(run.keepLastCheckpoints() != null ? run.keepLastCheckpoints() : defaultKeepLast,
                run.keepEveryNthCheckpoint() != null ? run.keepEveryNthCheckpoint() : defaultKeepEvery);
    }

    /** The same policy, also keeping {@code epochs}. */
    public RetentionPolicy protecting(Set<Integer> epochs) {
        Set<Integer> all = new TreeSet<>(protectedEpochs);
        all.addAll(epochs);
        return new RetentionPolicy(keepLast, keepEvery, all);
    }

    public boolean keeps(int epoch, int latestEpoch) {
        boolean recent = epoch > latestEpoch - Math.max(keepLast, 1);
        boolean milestone = keepEvery > 0 && epoch % keepEvery == 0;
        return recent || milestone || epoch == latestEpoch || protectedEpochs.contains(epoch);
    }

    /**
     * Epochs of {@code runId} that must stay whatever the counts say: pinned by its dataset's serving choice (the
     * current choice and every previous one, which rollback may return to; {@code served} null when the dataset has
     * none) and named by the {@code initFrom} of any run in {@code runs}.
     */
    public static Set<Integer> protectedEpochs(String runId, ServingChoice served, Collection<RunManifest> runs) {
        Set<Integer> epochs = new TreeSet<>();
        if (served != null) {
            Stream.concat(Stream.ofNullable(served.current()),
                            served.previous() == null ? Stream.empty() : served.previous().stream())
                    .filter(c -> c != null && c.isPinned() && runId.equals(c.runId()))
                    .forEach(c -> epochs.add(c.epoch()));
        }
        for (RunManifest run : runs) {
            InitFrom from = run.config().initFrom();
            if (from != null && runId.equals(from.runId())) {
                epochs.add(from.epoch());
            }
        }
        return epochs;
    }
}
