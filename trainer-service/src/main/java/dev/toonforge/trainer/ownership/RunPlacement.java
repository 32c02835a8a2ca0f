package dev.toonforge.trainer.ownership;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a new run's records go: to a partition of the trainer with the most free capacity (a trainer trains one run at
 * a time, so a trainer without active runs is free), trainers with a GPU first, then the fewest active runs; within
 * that trainer, its partition with the fewest active runs.
 */
final class RunPlacement {

    /** A member of the trainers' group: its client id and the partitions it owns. */
    record Member(String clientId, List<Integer> partitions) {
    }

    private RunPlacement() {
    }

    /**
     * @param activeRunsByPartition active runs per partition of {@code training.runs}
     * @return empty when no member owns a partition (the record then goes by its key's hash)
     */
    static Optional<Integer> choose(List<Member> members, Map<Integer, Integer> activeRunsByPartition) {
        Comparator<Member> order = Comparator
                .comparing((Member m) -> load(m, activeRunsByPartition) > 0)
                .thenComparing(m -> !TrainerInstance.isGpu(m.clientId()))
                .thenComparingInt(m -> load(m, activeRunsByPartition))
                .thenComparing(Member::clientId);
        return members.stream().filter(m -> !m.partitions().isEmpty()).min(order)
                .map(m -> m.partitions().stream()
                        .min(Comparator.comparingInt((Integer p) -> activeRunsByPartition.getOrDefault(p, 0))
                                .thenComparingInt(p -> p))
                        .orElseThrow());
    }

    private static int load(Member member, Map<Integer, Integer> activeRunsByPartition) {
        return member.partitions().stream().mapToInt(p -> activeRunsByPartition.getOrDefault(p, 0)).sum();
    }
}
