package dev.toonforge.dcgan;

/**
 * What one training step measured.
 *
 * @param step              G updates done after this step (1 after the first step)
 * @param discriminatorLoss BCE(D(real), realLabel) + BCE(D(fake), fakeLabel), of the last D update of the step
 * @param generatorLoss     BCE(D(G(z)), 1)
 * @param meanRealScore     mean D(x) = sigmoid(logit) over the real batch, before D's update
 * @param meanFakeScore     mean D(G(z)) over the fake batch, before D's update
 */
public record StepResult(long step, double discriminatorLoss, double generatorLoss, double meanRealScore,
                         double meanFakeScore) {
}
