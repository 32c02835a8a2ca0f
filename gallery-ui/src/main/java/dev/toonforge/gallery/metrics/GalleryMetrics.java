package dev.toonforge.gallery.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gallery's meters at {@code /q/metrics}: requests it passes on to the sampler and the ingest service by outcome,
 * the browsers subscribed to live events, and the events relayed to them.
 */
@Startup
@ApplicationScoped
public class GalleryMetrics {

    public static final String SAMPLER = "sampler";
    public static final String INGEST = "ingest";

    private final MeterRegistry registry;
    private final AtomicInteger subscribers = new AtomicInteger();

    public GalleryMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("toonforge.gallery.live.subscribers", subscribers, AtomicInteger::get).strongReference(true)
                .description("Browsers subscribed to the live event stream").register(registry);
    }

    /** A request passed on to {@code target} was answered with {@code status}. */
    public void proxied(String target, int status) {
        count(target, switch (status / 100) {
            case 2 -> "success";
            case 3 -> "redirection";
            case 4 -> "client_error";
            default -> "server_error";
        });
    }

    /** A request passed on to {@code target} got no answer (not running, refused, timed out). */
    public void proxyFailed(String target) {
        count(target, "unreachable");
    }

    public void subscriberJoined() {
        subscribers.incrementAndGet();
    }

    public void subscriberLeft() {
        subscribers.decrementAndGet();
    }

    /** One Kafka event ({@code progress} or {@code checkpoint}) handed to the live event stream. */
    public void eventRelayed(String type) {
        registry.counter("toonforge.gallery.events.relayed", "type", type).increment();
    }

    private void count(String target, String outcome) {
        registry.counter("toonforge.gallery.proxied", "target", target, "outcome", outcome).increment();
    }
}
