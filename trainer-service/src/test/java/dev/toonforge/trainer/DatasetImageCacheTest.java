package dev.toonforge.trainer;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.trainer.storage.DatasetImageCache;
import io.minio.RemoveObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset loaded by fetching several images at once holds every readable image once, in the dataset's hash order,
 * with the pixels of its PNG; an object that is no image is left out. A refresh lists the dataset again only when
 * dataset.json's last upload time has moved.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class DatasetImageCacheTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Inject
    DatasetImageCache cache;

    @Test
    void imagesFetchedAtOnceKeepTheDatasetsOrderAndPixels() throws Exception {
        String dataset = "fetched-at-once";
        List<String> readable = new ArrayList<>(TestDatasets.discs(infra, dataset, 40, 91));
        TestDatasets.put(infra, dataset, "this is not a png".getBytes(StandardCharsets.UTF_8));

        List<DatasetImageCache.CachedImage> loaded = cache.listDataset(dataset, 32).images();

        readable.sort(String::compareTo);
        assertThat(loaded).hasSize(40);
        for (int i = 0; i < readable.size(); i++) {
            assertThat(loaded.get(i).rgb()).as("image %d (%s)", i, readable.get(i)).isEqualTo(rgb(dataset, readable.get(i)));
        }
        assertThat(cache.listDataset(dataset, 32).images()).as("loaded again from the cache")
                .containsExactlyElementsOf(loaded);
    }

    @Test
    void aRefreshListsAgainOnlyWhenTheDatasetsLastUploadTimeHasMoved() throws Exception {
        String dataset = "refreshed";
        TestDatasets.discs(infra, dataset, 3, 17);
        DatasetImageCache.Listing first = cache.listDataset(dataset, 32);
        assertThat(first.images()).hasSize(3);
        assertThat(first.lastUpload()).isNotNull();

        TestDatasets.put(infra, dataset, TestDatasets.discPng(new Random(5)));
        assertThat(cache.refresh(dataset, 32, first)).as("dataset.json names the same upload").isSameAs(first);

        TestDatasets.putManifest(infra, dataset);   // as ingest does once an upload's images are stored
        DatasetImageCache.Listing second = cache.refresh(dataset, 32, first);
        assertThat(second.images()).as("listed again").hasSize(4);
        assertThat(second.lastUpload()).isNotEqualTo(first.lastUpload());

        infra.minioClient().removeObject(RemoveObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.datasetManifest(dataset)).build());
        DatasetImageCache.Listing third = cache.refresh(dataset, 32, second);
        assertThat(third).as("no dataset.json: listed again").isNotSameAs(second);
        assertThat(third.lastUpload()).isNull();
        assertThat(third.images()).hasSize(4);
    }

    private byte[] rgb(String dataset, String hash) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(BucketAndTopics.object(infra,
                ObjectKeys.datasetImage(dataset, hash))));
        byte[] rgb = new byte[32 * 32 * 3];
        int i = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int c = image.getRGB(x, y);
                rgb[i++] = (byte) (c >> 16);
                rgb[i++] = (byte) (c >> 8);
                rgb[i++] = (byte) c;
            }
        }
        return rgb;
    }
}
