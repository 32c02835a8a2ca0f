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

/**
 * What the bucket holds, read straight from the S3 server: what a test checks an upload, a run's objects or its owners
 * against.
 */
public final class BucketObjects {

    private final MinioClient client;
    private final String bucket;

    public BucketObjects(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The hash of every stored image of the dataset, one per image object. */
    public List<String> imageHashes(String dataset) {
        List<String> hashes = new ArrayList<>();
        keys(ObjectKeys.datasetImagesPrefix(dataset)).forEach(key -> ObjectKeys.imageHashOf(key).ifPresent(hashes::add));
        return hashes;
    }

    /** Every key under {@code prefix}, in key order. */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (MinioException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot list " + prefix + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
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
