package dev.toonforge.common.storage;

import dev.toonforge.infra.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ObjectStore} against a real S3 server (s3proxy), and against one that does not answer. */
class ObjectStoreTest {

    private static final String ACCESS_KEY = "store-test";
    private static final String SECRET_KEY = "store-test-secret";

    private static S3Server server;
    private static ObjectStore store;

    record Doc(String name, int size) {
    }

    @BeforeAll
    static void startServer() {
        server = S3Server.create(0, null, ACCESS_KEY, SECRET_KEY).start();
        store = storeAt(server.endpoint(), SECRET_KEY);
        store.ensureBucket();
        store.ensureBucket();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void objectsAndJsonDocumentsGoInAndComeBack() throws IOException {
        store.put("t/round/a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.putJson("t/round/doc.json", new Doc("faces", 64));

        assertThat(store.get("t/round/a.txt")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("hello"));
        try (InputStream in = store.open("t/round/a.txt").orElseThrow()) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        }
        assertThat(store.getJson("t/round/doc.json", Doc.class)).contains(new Doc("faces", 64));
        assertThat(store.exists("t/round/a.txt")).isTrue();
    }

    @Test
    void aMissingObjectIsEmptyNotAnError() {
        assertThat(store.get("t/missing/nothing.png")).isEmpty();
        assertThat(store.open("t/missing/nothing.png")).isEmpty();
        assertThat(store.getJson("t/missing/nothing.json", Doc.class)).isEmpty();
        assertThat(store.exists("t/missing/nothing.png")).isFalse();
        assertThat(store.listAll("t/missing/")).isEmpty();
    }

    @Test
    void anObjectThatIsNotTheExpectedJsonIsAClearError() {
        store.put("t/bad/doc.json", "{\"name\": \"faces\", \"size\": ".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThatThrownBy(() -> store.getJson("t/bad/doc.json", Doc.class))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("object t/bad/doc.json is not a valid Doc: ");
    }

    @Test
    void listingsArePagedInKeyOrderAndChildrenAreTheFoldersBelow() {
        for (String key : new String[]{"t/list/b/2", "t/list/a/1", "t/list/a/3", "t/list/c/4"}) {
            store.put(key, new byte[]{1}, "application/octet-stream");
        }

        assertThat(store.listAll("t/list/")).containsExactly("t/list/a/1", "t/list/a/3", "t/list/b/2", "t/list/c/4");
        assertThat(store.list("t/list/", null, 2)).containsExactly("t/list/a/1", "t/list/a/3");
        assertThat(store.list("t/list/", "t/list/a/3", 2)).containsExactly("t/list/b/2", "t/list/c/4");
        assertThat(store.listChildren("t/list/")).containsExactly("a", "b", "c");

        store.delete("t/list/a/1");
        assertThat(store.listAll("t/list/a/")).containsExactly("t/list/a/3");
    }

    @Test
    void createIfAbsentWritesANewKeyAndLeavesAnExistingOneAsItIs() {
        assertThat(store.createIfAbsent("t/create/one.txt", "first".getBytes(StandardCharsets.UTF_8), "text/plain")).isTrue();
        assertThat(store.createIfAbsent("t/create/one.txt", "second".getBytes(StandardCharsets.UTF_8), "text/plain")).isFalse();
        assertThat(store.get("t/create/one.txt")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("first"));

        assertThat(store.createJsonIfAbsent("t/create/doc.json", new Doc("faces", 32))).isTrue();
        assertThat(store.createJsonIfAbsent("t/create/doc.json", new Doc("faces", 64))).isFalse();
        assertThat(store.getJson("t/create/doc.json", Doc.class)).contains(new Doc("faces", 32));
    }

    @Test
    void ofManyWritersRacingToCreateOneKeyExactlyOneCreatesIt() throws Exception {
        int writers = 16;
        for (int round = 0; round < 5; round++) {
            String key = "t/race/key-" + round + ".json";
            CyclicBarrier start = new CyclicBarrier(writers);
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    results.add(threads.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.createJsonIfAbsent(key, new Doc("writer-" + writer, writer));
                    }));
                }
                List<Integer> winners = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get(60, TimeUnit.SECONDS)) {
                        winners.add(w);
                    }
                }
                assertThat(winners).as("writers that created %s", key).hasSize(1);
                assertThat(store.getJson(key, Doc.class)).contains(new Doc("writer-" + winners.get(0), winners.get(0)));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void theAgeOfAnObjectIsMeasuredByTheStoresClock() {
        store.put("t/age/a.txt", new byte[]{1}, "text/plain");

        assertThat(store.age("t/age/a.txt")).hasValueSatisfying(age ->
                assertThat(age).isBetween(Duration.ZERO, Duration.ofSeconds(30)));
        assertThat(store.age("t/age/missing.txt")).isEmpty();
    }

    @Test
    void aStoreThatRefusesTheCredentialsIsUnavailableNotEmpty() {
        ObjectStore refused = storeAt(server.endpoint(), "not-the-secret");

        assertThatThrownBy(() -> refused.get("t/round/a.txt"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining(server.endpoint())
                .hasMessageContaining("get t/round/a.txt");
    }

    @Test
    void aStoreThatDoesNotAnswerIsUnavailableAndTheMessageNamesIt() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();
        ObjectStore down = storeAt(endpoint, SECRET_KEY);

        assertThatThrownBy(() -> down.get("datasets/faces/dataset.json"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("object store " + endpoint + " (bucket 'toonforge') failed to get datasets/faces/dataset.json: ")
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(down::ensureBucket)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("create bucket toonforge");
        assertThatThrownBy(() -> down.put("k", new byte[1], "application/octet-stream"))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> down.listAll("datasets/")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> down.createIfAbsent("k", new byte[1], "application/octet-stream"))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("create k");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static ObjectStore storeAt(String endpoint, String secretKey) {
        S3Settings settings = new S3Settings() {
            public String endpoint() {
                return endpoint;
            }

            public String accessKey() {
                return ACCESS_KEY;
            }

            public String secretKey() {
                return secretKey;
            }

            public String bucket() {
                return "toonforge";
            }

            public String region() {
                return "us-east-1";
            }
        };
        return new ObjectStore(new MinioClientProducer().minioClient(settings), settings);
    }
}
