package dev.toonforge.gallery.rest;

import dev.toonforge.contracts.naming.Names;
import dev.toonforge.gallery.messaging.LiveEvent;
import dev.toonforge.gallery.metrics.GalleryMetrics;
import dev.toonforge.gallery.messaging.LiveEvents;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;

/** Server-sent events: training progress, new epochs and alarms, as they happen. */
@Path("/api/events")
public class EventResource {

    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final LiveEvents live;
    private final GalleryMetrics metrics;

    public EventResource(LiveEvents live, GalleryMetrics metrics) {
        this.live = live;
        this.metrics = metrics;
    }

    /**
     * Opens with a {@code hello} event (the browser then knows it is subscribed), then every event, or only those of
     * {@code run}, with a heartbeat every 20 seconds.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LiveEvent> events(@QueryParam("run") String run) {
        String watched = run == null || run.isBlank() ? null : Names.requireRunId(run);
        Multi<LiveEvent> events = live.stream().filter(event -> event.concerns(watched));
        Multi<LiveEvent> heartbeats = Multi.createFrom().ticks().every(HEARTBEAT).map(tick -> LiveEvent.heartbeat());
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(LiveEvent::hello),
                Multi.createBy().merging().streams(events, heartbeats))
                .onSubscription().invoke(metrics::subscriberJoined)
                .onTermination().invoke(metrics::subscriberLeft);
    }
}
