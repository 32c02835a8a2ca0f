package dev.toonforge.trainer.messaging;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.trainer.service.AutoStarter;
import dev.toonforge.trainer.storage.DatasetIndexStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Consumes {@code images.ingested} in batches into the per-dataset index. The batch is acknowledged (and its offsets
 * committed) only when this method returns, that is after the index is saved.
 */
@ApplicationScoped
public class ImageIngestedConsumer {

    private static final Logger LOG = Logger.getLogger(ImageIngestedConsumer.class);

    private final DatasetIndexStore indexes;
    private final AutoStarter autoStarter;

    public ImageIngestedConsumer(DatasetIndexStore indexes, AutoStarter autoStarter) {
        this.indexes = indexes;
        this.autoStarter = autoStarter;
    }

    @Incoming("images-ingested")
    @Blocking(ordered = true)
    public void consume(List<String> payloads) {
        Map<String, List<String>> byDataset = payloads.stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, Topics.IMAGES_INGESTED))
                .flatMap(Optional::stream)
                .collect(Collectors.groupingBy(ImageIngested::dataset,
                        Collectors.mapping(ImageIngested::sha256, Collectors.toList())));
        byDataset.forEach((dataset, hashes) -> {
            int added = indexes.addAll(dataset, hashes);
            LOG.debugf("Dataset %s: %d new of %d images in this batch, %d indexed", dataset, added, hashes.size(),
                    indexes.size(dataset));
            autoStarter.datasetGrew(dataset, indexes.size(dataset));
        });
    }
}
