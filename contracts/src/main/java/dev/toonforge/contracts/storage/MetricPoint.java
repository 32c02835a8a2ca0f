package dev.toonforge.contracts.storage;

/** One line of {@code runs/{runId}/metrics.jsonl}: the losses and scores of one training step. */
public record MetricPoint(long step, int epoch, double dLoss, double gLoss, double dReal, double dFake, long timeMillis) {
}
