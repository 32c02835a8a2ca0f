package dev.toonforge.sampler.service;

import dev.toonforge.sampler.config.SamplerSettings;
import dev.toonforge.sampler.metrics.SamplerMetrics;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one generator thread of this instance, configured from {@code toonforge.sampler.*}. */
public class BatcherProducer {

    @Produces
    @Singleton
    GeneratorBatcher batcher(SamplerSettings settings, SamplerMetrics metrics) {
        return new GeneratorBatcher(settings.maxBatch(), settings.maxWaitMs(), settings.maxQueuedImages(),
                settings.computeThreads(), metrics::generatorPass);
    }

    void close(@Disposes GeneratorBatcher batcher) {
        batcher.close();
    }
}
