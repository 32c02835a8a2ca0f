package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalized images decoded once into interleaved RGB bytes and kept in memory (a 128 px image is 48 KiB). An image
 * that cannot be read is logged once and left out, so one bad object never stops a run.
 */
@ApplicationScoped
public class DatasetImageCache {

    private static final Logger LOG = Logger.getLogger(DatasetImageCache.class);

    private final ObjectStore store;
    private final Map<String, byte[]> pixels = new ConcurrentHashMap<>();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    public DatasetImageCache(ObjectStore store) {
        this.store = store;
    }

    /** The RGB bytes of each readable image of {@code hashes} at {@code size}, loading what is not cached yet. */
    public List<byte[]> load(String dataset, List<String> hashes, int size) {
        return hashes.stream()
                .filter(hash -> !unreadable.contains(cacheKey(dataset, hash)))
                .map(hash -> pixels.computeIfAbsent(cacheKey(dataset, hash), k -> decode(dataset, hash, size)))
                .filter(bytes -> bytes.length > 0)
                .toList();
    }

    private byte[] decode(String dataset, String hash, int size) {
        String key = ObjectKeys.datasetImage(dataset, hash);
        try {
            byte[] png = store.get(key).orElseThrow(() -> new IOException("object is missing"));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
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
            if (e instanceof dev.toonforge.common.storage.StorageUnavailableException s) {
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
