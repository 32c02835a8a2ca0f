package dev.toonforge.infra.testing;

import dev.toonforge.contracts.storage.ObjectKeys;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.MinioException;
import io.minio.messages.Item;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** What the bucket holds for a dataset, read straight from the S3 server: what a test checks an upload against. */
public final class DatasetObjects {

    private final MinioClient client;
    private final String bucket;

    public DatasetObjects(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The hash of every stored image of the dataset, one per image object. */
    public List<String> imageHashes(String dataset) {
        List<String> hashes = new ArrayList<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                    .prefix(ObjectKeys.datasetImagesPrefix(dataset)).recursive(true).build())) {
                ObjectKeys.imageHashOf(item.get().objectName()).ifPresent(hashes::add);
            }
        } catch (MinioException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot list the images of dataset " + dataset + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashes;
    }

    /** The bytes of one object. */
    public byte[] object(String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (MinioException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
