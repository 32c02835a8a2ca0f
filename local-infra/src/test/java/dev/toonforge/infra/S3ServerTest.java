package dev.toonforge.infra;

import dev.toonforge.infra.s3.S3Server;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ServerTest {

    @Test
    void putGetListPresignAndDeleteThroughTheMinioClient() throws Exception {
        try (S3Server server = S3Server.create(0, null, "access", "secret-key-123").start()) {
            MinioClient s3 = client(server, "secret-key-123");
            s3.makeBucket(MakeBucketArgs.builder().bucket("toonforge").build());

            put(s3, "datasets/a/images/1.png", "one");
            put(s3, "datasets/a/images/2.png", "two");
            put(s3, "datasets/b/dataset.json", "{}");

            assertThat(get(s3, "datasets/a/images/2.png")).isEqualTo("two");
            assertThat(list(s3, "datasets/a/")).containsExactly("datasets/a/images/1.png", "datasets/a/images/2.png");

            String url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET).bucket("toonforge").object("datasets/a/images/1.png").expiry(60).build());
            HttpResponse<String> viaUrl = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(viaUrl.statusCode()).isEqualTo(200);
            assertThat(viaUrl.body()).isEqualTo("one");

            s3.removeObject(RemoveObjectArgs.builder().bucket("toonforge").object("datasets/a/images/1.png").build());
            assertThat(list(s3, "datasets/a/")).containsExactly("datasets/a/images/2.png");
            assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket("toonforge")
                    .object("datasets/a/images/1.png").build())).isInstanceOf(ErrorResponseException.class);
        }
    }

    @Test
    void signaturesAreReallyChecked() throws Exception {
        try (S3Server server = S3Server.create(0, null, "access", "right-secret").start()) {
            MinioClient wrong = client(server, "wrong-secret");

            assertThatThrownBy(() -> wrong.bucketExists(BucketExistsArgs.builder().bucket("toonforge").build()))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }

    @Test
    void dataSurvivesARestartOnTheSameFolder(@TempDir Path dir) throws Exception {
        S3Server server = S3Server.create(0, dir.resolve("s3"), "access", "secret-key-123").start();
        try {
            MinioClient s3 = client(server, "secret-key-123");
            s3.makeBucket(MakeBucketArgs.builder().bucket("toonforge").build());
            put(s3, "runs/r1/latest.json", "{\"epoch\":3}");
            long firstPid = server.pid();

            server.stop();
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            server.start();

            assertThat(get(s3, "runs/r1/latest.json")).isEqualTo("{\"epoch\":3}");
        } finally {
            server.close();
        }
    }

    @Test
    void bindsOnlyToLoopback() {
        try (S3Server server = S3Server.create(0, null, "a", "b12345678").start()) {
            assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
        }
    }

    private static MinioClient client(S3Server server, String secret) {
        return MinioClient.builder().endpoint(server.endpoint()).credentials(server.accessKey(), secret).build();
    }

    private static void put(MinioClient s3, String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        s3.putObject(PutObjectArgs.builder().bucket("toonforge").object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static String get(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("toonforge").object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> list(MinioClient s3, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket("toonforge").prefix(prefix).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }
}
