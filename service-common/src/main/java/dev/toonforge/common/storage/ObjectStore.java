package dev.toonforge.common.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.toonforge.contracts.Json;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Toonforge bucket, as the services use it: whole objects by key, JSON documents, listings by prefix.
 * Keys come from {@link dev.toonforge.contracts.storage.ObjectKeys}. Failures of the store surface as
 * {@link StorageUnavailableException}; a missing object is an empty Optional, not an error.
 */
@ApplicationScoped
public class ObjectStore {

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;

    public ObjectStore(MinioClient client, S3Settings settings) {
        this.client = client;
        this.endpoint = settings.endpoint();
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it is missing; throws {@link StorageUnavailableException} when the store does not answer. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    public void put(String key, byte[] bytes, String contentType) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
    }

    public void putJson(String key, Object document) {
        put(key, json(key, document), "application/json");
    }

    /**
     * Writes the object only if no object has the key, decided by the store itself ({@code If-None-Match: *}), so of
     * several writers racing on one key, in this process or in others, exactly one gets true. False: the object existed
     * (412 PreconditionFailed) or another writer's conditional write of it was under way (409
     * ConditionalRequestConflict, as AWS answers a race); either way someone else created it and it is left as it is.
     * Sent as a single PUT, so keep such objects small (a multipart upload does not carry the condition).
     */
    public boolean createIfAbsent(String key, byte[] bytes, String contentType) {
        return call("create " + key, () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType)
                        .headers(Map.of("If-None-Match", "*")).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isCreatedElsewhere(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** {@link #createIfAbsent} for a JSON document. */
    public boolean createJsonIfAbsent(String key, Object document) {
        return createIfAbsent(key, json(key, document), "application/json");
    }

    /**
     * How long ago the object was written, by the store's own clock (its {@code Date} header against the object's
     * {@code Last-Modified}; both to the second), so processes on machines with different clocks agree. Empty when the
     * object does not exist.
     */
    public Optional<Duration> age(String key) {
        return call("stat " + key, () -> {
            try {
                StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                String date = stat.headers().get("Date");
                ZonedDateTime now = date == null ? ZonedDateTime.now() : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration age = Duration.between(stat.lastModified(), now);
                return Optional.of(age.isNegative() ? Duration.ZERO : age);
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static byte[] json(String key, Object document) {
        try {
            return Json.mapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + key, e);
        }
    }

    public Optional<byte[]> get(String key) {
        return call("get " + key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Opens an object for streaming; the caller closes the stream. Empty when it does not exist. */
    public Optional<InputStream> open(String key) {
        return call("get " + key, () -> {
            try {
                return Optional.<InputStream>of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public <T> Optional<T> getJson(String key, Class<T> type) {
        return get(key).map(bytes -> {
            try {
                return Json.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new IllegalStateException("object " + key + " is not a valid " + type.getSimpleName() + ": "
                        + e.getMessage(), e);
            }
        });
    }

    public boolean exists(String key) {
        return call("stat " + key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Keys under {@code prefix} in lexical order, after {@code startAfter} (null: from the start), at most {@code limit}. */
    public List<String> list(String prefix, String startAfter, int limit) {
        return call("list " + prefix, () -> {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                    .maxKeys(Math.min(Math.max(limit, 1), 1000));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(args.build())) {
                keys.add(result.get().objectName());
                if (keys.size() >= limit) {
                    break;
                }
            }
            return keys;
        });
    }

    /** Every key under {@code prefix}. */
    public List<String> listAll(String prefix) {
        return list(prefix, null, Integer.MAX_VALUE);
    }

    /** The "folders" directly under {@code prefix} (e.g. dataset names under datasets/), without the trailing slash. */
    public List<String> listChildren(String prefix) {
        return call("list " + prefix, () -> {
            List<String> names = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/").build())) {
                Item item = result.get();
                if (item.isDir()) {
                    String name = item.objectName().substring(prefix.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            }
            return names;
        });
    }

    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private static boolean isCreatedElsewhere(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "PreconditionFailed".equals(code) || "ConditionalRequestConflict".equals(code)
                || e.response().code() == 412;
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || e.response().code() == 404;
    }

    private <T> T call(String what, StoreCall<T> call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("object store " + endpoint + " (bucket '" + bucket + "') failed to "
                    + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }
}
