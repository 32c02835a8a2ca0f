package dev.toonforge.trainer.messaging;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.trainer.service.AutoStarter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Consumes {@code images.ingested} in batches to start runs automatically ({@link AutoStarter}). Which images a dataset
 * holds is read from the bucket when a run needs it, so a lost or repeated event changes nothing but when the
 * automatic start is considered.
 */
@ApplicationScoped
public class ImageIngestedConsumer {

    private final AutoStarter autoStarter;

    public ImageIngestedConsumer(AutoStarter autoStarter) {
        this.autoStarter = autoStarter;
    }

    @Incoming("images-ingested")
    @Blocking(ordered = true)
    public void consume(List<String> payloads) {
        Set<String> grown = payloads.stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, Topics.IMAGES_INGESTED))
                .flatMap(Optional::stream)
                .map(ImageIngested::dataset)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        grown.forEach(autoStarter::datasetGrew);
    }
}
