package dev.toonforge.trainer.ownership;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.S3Settings;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunOwner;
import dev.toonforge.infra.s3.S3Server;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The owner fence on a real S3 server: each turn gets its own generation, and only the newest may store. */
class OwnerGenerationsTest {

    private static final String ACCESS_KEY = "owners-test";
    private static final String SECRET_KEY = "owners-test-secret";
    private static S3Server server;
    private static ObjectStore store;
    private static OwnerGenerations owners;

    @BeforeAll
    static void startServer() {
        server = S3Server.create(0, null, ACCESS_KEY, SECRET_KEY).start();
        S3Settings settings = new S3Settings() {
            public String endpoint() {
                return server.endpoint();
            }

            public String accessKey() {
                return ACCESS_KEY;
            }

            public String secretKey() {
                return SECRET_KEY;
            }

            public String bucket() {
                return "owners";
            }

            public String region() {
                return "us-east-1";
            }
        };
        store = new ObjectStore(MinioClient.builder().endpoint(server.endpoint()).credentials(ACCESS_KEY, SECRET_KEY)
                .build(), settings);
        store.ensureBucket();
        owners = new OwnerGenerations(store);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRunWithoutOwnersGetsGenerationOneAndItsOwnerMayStore() {
        String run = "fence-20261203-100000-0001";
        assertThat(owners.highest(run)).isZero();
        long generation = owners.claim(run, "trainer-cpu-aaaa");
        assertThat(generation).isEqualTo(1);
        owners.requireCurrent(run, generation);
        RunOwner marker = store.getJson(ObjectKeys.runOwner(run, 1), RunOwner.class).orElseThrow();
        assertThat(marker.instance()).isEqualTo("trainer-cpu-aaaa");
    }

    @Test
    void anOwnerReplacedByANewerOneIsRefusedItsNextCheckpoint() {
        String run = "fence-20261203-100000-0002";
        long stale = owners.claim(run, "trainer-cpu-aaaa");
        long newer = owners.claim(run, "trainer-cpu-bbbb");

        assertThat(newer).isEqualTo(stale + 1);
        owners.requireCurrent(run, newer);
        assertThatThrownBy(() -> owners.requireCurrent(run, stale)).isInstanceOf(StaleOwnerException.class)
                .hasMessageContaining("generation " + newer + " now");
    }

    @Test
    void ofTrainersClaimingTheSameGenerationExactlyOneWins() throws Exception {
        String run = "fence-20261203-100000-0003";
        int trainers = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(trainers);
        try {
            List<Future<Long>> claims = new ArrayList<>();
            for (int i = 0; i < trainers; i++) {
                String instance = "trainer-cpu-" + i;
                Callable<Long> claim = () -> {
                    go.await();
                    try {
                        return owners.claim(run, instance);
                    } catch (StaleOwnerException e) {
                        return -1L;
                    }
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            List<Long> generations = new ArrayList<>();
            for (Future<Long> claim : claims) {
                generations.add(claim.get());
            }
            // Every winner holds a generation no other winner holds, and exactly one holds the highest.
            List<Long> won = generations.stream().filter(g -> g > 0).toList();
            assertThat(won).doesNotHaveDuplicates().isNotEmpty();
            long highest = owners.highest(run);
            assertThat(won).containsOnlyOnce(highest);
            for (long generation : won) {
                if (generation != highest) {
                    assertThatThrownBy(() -> owners.requireCurrent(run, generation)).isInstanceOf(StaleOwnerException.class);
                }
            }
            RunOwner newest = Json.mapper().readValue(store.get(ObjectKeys.runOwner(run, highest)).orElseThrow(),
                    RunOwner.class);
            assertThat(newest.generation()).isEqualTo(highest);
        } finally {
            pool.shutdownNow();
        }
    }
}
