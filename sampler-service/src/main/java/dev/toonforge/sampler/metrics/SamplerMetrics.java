package dev.toonforge.sampler.metrics;

import dev.toonforge.sampler.service.ModelRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The sampler's meters at {@code /q/metrics}: API requests by endpoint and outcome with their latency (p50/p95/p99),
 * images generated, the size of each generator pass (the batcher's batches), the models in memory and the swaps of
 * the model a dataset serves.
 */
@Startup
@ApplicationScoped
public class SamplerMetrics {

    private final MeterRegistry registry;
    private final Counter images;
    private final DistributionSummary batches;

    public SamplerMetrics(MeterRegistry registry, ModelRegistry models) {
        this.registry = registry;
        this.images = Counter.builder("toonforge.sampler.images").description("Images generated").register(registry);
        this.batches = DistributionSummary.builder("toonforge.sampler.batch.size").baseUnit("images")
                .description("Images per generator pass (requests coalesced by the batcher)")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        Gauge.builder("toonforge.sampler.models.loaded", models, m -> m.all().size()).strongReference(true)
                .description("Generators in memory: the newest of each run and each pinned model").register(registry);
    }

    /** One API request answered: {@code endpoint} is the resource method, the outcome follows from the status. */
    public void requestDone(String endpoint, int status, Duration took) {
        Timer.builder("toonforge.sampler.request").description("API requests by endpoint and outcome, and their latency")
                .tag("endpoint", endpoint).tag("outcome", outcome(status))
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(took);
    }

    /** One forward pass of the generator over {@code rows} z vectors. */
    public void generatorPass(int rows) {
        images.increment(rows);
        batches.record(rows);
    }

    /**
     * The model a dataset serves changed to another checkpoint: {@code newer} (a newer checkpoint arrived), {@code pin}
     * or {@code unpin}.
     */
    public void modelSwapped(String reason) {
        registry.counter("toonforge.sampler.model.swaps", "reason", reason).increment();
    }

    static String outcome(int status) {
        if (status == 304) {
            return "not_modified";
        }
        if (status == 503) {
            return "busy";
        }
        return switch (status / 100) {
            case 2 -> "ok";
            case 4 -> "client_error";
            case 5 -> "server_error";
            default -> "other";
        };
    }
}
