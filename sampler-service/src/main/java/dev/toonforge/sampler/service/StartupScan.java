package dev.toonforge.sampler.service;

import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.sampler.config.SamplerSettings;
import dev.toonforge.sampler.storage.CheckpointReader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * At start, loads the newest checkpoint of every dataset from {@code runs/*}/latest.json, then applies each dataset's
 * its stored serving choice (a pinned model is loaded and served instead of the newest). Runs in the background and
 * retries while the object store is away, so the service starts anyway; events wait for it (see {@link #awaitDone}),
 * which lets the consumer replay the topic from the beginning and skip everything older without loading it.
 */
@ApplicationScoped
public class StartupScan {

    private static final Logger LOG = Logger.getLogger(StartupScan.class);
    private static final Comparator<CheckpointPublished> NEWEST_LAST = Comparator
            .comparing((CheckpointPublished l) -> l.publishedAt() == null ? Instant.MIN : l.publishedAt())
            .thenComparingInt(CheckpointPublished::epoch);

    private final CheckpointReader reader;
    private final CheckpointUpdates updates;
    private final ServingChoices choices;
    private final SamplerSettings settings;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread thread;

    public StartupScan(CheckpointReader reader, CheckpointUpdates updates, ServingChoices choices,
                       SamplerSettings settings) {
        this.reader = reader;
        this.updates = updates;
        this.choices = choices;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::scanUntilDone, "sampler-startup-scan");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void scanUntilDone() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int loaded = scanOnce();
                LOG.infof("Start-up scan done: %d model(s) loaded", loaded);
                done.countDown();
                return;
            } catch (StorageUnavailableException e) {
                LOG.warnf("Start-up scan: %s; retrying in %d ms", e.getMessage(), settings.startupRetryMs());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Start-up scan failed; retrying in %d ms", settings.startupRetryMs());
            }
            try {
                Thread.sleep(settings.startupRetryMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Loads the newest checkpoint of each dataset not already loaded at least as new, then applies the stored serving
     * choices not applied yet; returns how many newest checkpoints were loaded.
     */
    public int scanOnce() {
        Map<String, List<CheckpointPublished>> byDataset = reader.latestOfAllRuns().stream()
                .collect(Collectors.groupingBy(CheckpointPublished::dataset));
        int loaded = 0;
        for (List<CheckpointPublished> runs : byDataset.values()) {
            // Newest first; an older run is tried only when the newer one's checkpoint is gone.
            List<CheckpointPublished> newestFirst = runs.stream().sorted(NEWEST_LAST.reversed()).toList();
            for (CheckpointPublished latest : newestFirst) {
                if (updates.apply(latest, "start-up scan")) {
                    loaded++;
                    break;
                }
            }
        }
        int pinned = choices.applyStored();
        if (pinned > 0) {
            LOG.infof("Start-up scan: %d dataset(s) serve a pinned model", pinned);
        }
        return loaded;
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Blocks until the first scan has finished (the event consumer calls this before applying anything). */
    public void awaitDone() throws InterruptedException {
        while (!done.await(30, TimeUnit.SECONDS)) {
            LOG.info("Checkpoint events wait for the start-up scan (is the object store reachable?)");
        }
    }
}
