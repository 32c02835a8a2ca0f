package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.DatasetImages;
import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.common.storage.StorageUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ApplyGuard;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import dev.toonforge.trainer.config.TrainerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Normalized images decoded once into interleaved RGB bytes, kept in memory up to {@code toonforge.trainer.cache-memory-mb}
 * (a 128 px image is 48 KiB) and spilled to files under {@code toonforge.trainer.cache-dir} beyond that. An image that
 * cannot be read is logged once and left out, so one bad object never stops a run. Images not cached yet are fetched
 * and decoded {@code toonforge.trainer.dataset-fetch-threads} at a time (each is a round trip to the store).
 */
@ApplicationScoped
public class DatasetImageCache {

    private static final Logger LOG = Logger.getLogger(DatasetImageCache.class);

    /** Decoded pixels, in memory or in a spill file. */
    public interface CachedImage {
        byte[] rgb();
    }

    private record InMemory(byte[] rgb) implements CachedImage {
    }

    private record Spilled(Path file) implements CachedImage {
        @Override
        public byte[] rgb() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("the image cache file " + file + " is gone", e);
            }
        }
    }

    private static final CachedImage UNREADABLE = new InMemory(new byte[0]);

    private final ObjectStore store;
    private final DatasetImages datasets;
    private final long memoryBudget;
    private final Path spillDir;
    private final AtomicLong memoryUsed = new AtomicLong();
    private final Map<String, CachedImage> pixels = new ConcurrentHashMap<>();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final ExecutorService fetchers;

    public DatasetImageCache(ObjectStore store, DatasetImages datasets, TrainerSettings settings) {
        this.store = store;
        this.datasets = datasets;
        this.memoryBudget = settings.cacheMemoryMb() * 1024L * 1024L;
        this.spillDir = Paths.get(settings.cacheDir());
        this.fetchers = Executors.newFixedThreadPool(Math.max(1, settings.datasetFetchThreads()), r -> {
            Thread t = new Thread(r, "dataset-fetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A dataset's readable images as one listing found them, with the time of the dataset's last upload that
     * dataset.json named just before that listing (null when it had none).
     */
    public record Listing(List<CachedImage> images, Instant lastUpload) {
    }

    /**
     * The pixels of every readable image the dataset holds now (its listing, in hash order) at {@code size}, loading
     * what is not cached yet, with dataset.json's last upload read first (for {@link #refresh}); while the store is
     * away this waits for it, so a run pauses instead of failing.
     */
    @ApplyGuard("storage")
    public Listing listDataset(String dataset, int size) {
        return list(dataset, size, lastUpload(dataset));
    }

    /**
     * The dataset's images now: {@code previous} while dataset.json names the same last upload, a new listing
     * otherwise. Ingest writes an upload's time to dataset.json after storing its images, so the same time means no
     * image has joined since {@code previous} was listed; a dataset.json that is gone, or never had a time, lists
     * again. One small read instead of a listing, which costs a request per thousand images.
     */
    @ApplyGuard("storage")
    public Listing refresh(String dataset, int size, Listing previous) {
        Instant lastUpload = lastUpload(dataset);
        if (lastUpload != null && lastUpload.equals(previous.lastUpload())) {
            return previous;
        }
        return list(dataset, size, lastUpload);
    }

    /** Lists and loads the dataset; {@code lastUpload} was read before the listing. */
    private Listing list(String dataset, int size, Instant lastUpload) {
        return new Listing(load(dataset, datasets.hashes(dataset), size), lastUpload);
    }

    private Instant lastUpload(String dataset) {
        return datasets.manifest(dataset).map(DatasetManifest::updatedAt).orElse(null);
    }

    private List<CachedImage> load(String dataset, List<String> hashes, int size) {
        fetchMissing(dataset, hashes, size);
        return hashes.stream()
                .filter(hash -> !unreadable.contains(cacheKey(dataset, hash)))
                .map(hash -> cached(dataset, hash, size))
                .filter(image -> image != UNREADABLE)
                .toList();
    }

    /** Fetches and decodes the images not cached yet, several at a time; a store that is away fails the whole load. */
    private void fetchMissing(String dataset, List<String> hashes, int size) {
        List<CompletableFuture<Void>> fetches = hashes.stream()
                .filter(hash -> !pixels.containsKey(cacheKey(dataset, hash)) && !unreadable.contains(cacheKey(dataset, hash)))
                .map(hash -> CompletableFuture.runAsync(() -> cached(dataset, hash, size), fetchers))
                .toList();
        try {
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private CachedImage cached(String dataset, String hash, int size) {
        return pixels.computeIfAbsent(cacheKey(dataset, hash), k -> keep(dataset, hash, decode(dataset, hash, size)));
    }

    private CachedImage keep(String dataset, String hash, byte[] rgb) {
        if (rgb.length == 0) {
            return UNREADABLE;
        }
        if (memoryUsed.addAndGet(rgb.length) <= memoryBudget) {
            return new InMemory(rgb);
        }
        memoryUsed.addAndGet(-rgb.length);
        try {
            Path file = Files.createDirectories(spillDir.resolve(dataset)).resolve(hash + ".rgb");
            Files.write(file, rgb);
            return new Spilled(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill decoded images to " + spillDir, e);
        }
    }

    private byte[] decode(String dataset, String hash, int size) {
        String key = ObjectKeys.datasetImage(dataset, hash);
        try {
            byte[] png = store.get(key).orElseThrow(() -> new IOException("object is missing"));
            // In memory: ImageIO.read(InputStream) would cache each image in a temporary file. read closes the stream.
            BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
            if (image == null) {
                throw new IOException("not a decodable image");
            }
            if (image.getWidth() != size || image.getHeight() != size) {
                throw new IOException(image.getWidth() + "x" + image.getHeight() + " pixels, the run needs " + size + "x" + size);
            }
            byte[] rgb = new byte[size * size * 3];
            int i = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int c = image.getRGB(x, y);
                    rgb[i++] = (byte) (c >> 16);
                    rgb[i++] = (byte) (c >> 8);
                    rgb[i++] = (byte) c;
                }
            }
            return rgb;
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageUnavailableException s) {
                throw s;
            }
            unreadable.add(cacheKey(dataset, hash));
            LOG.warnf("Skipping image %s of dataset %s: %s", key, dataset, e.getMessage());
            return new byte[0];
        }
    }

    private static String cacheKey(String dataset, String hash) {
        return dataset + "/" + hash;
    }
}
