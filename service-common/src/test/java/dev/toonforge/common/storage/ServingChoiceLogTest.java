package dev.toonforge.common.storage;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.infra.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ServingChoiceLog} against a real S3 server: revisions are created once, the highest is in force. */
class ServingChoiceLogTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static S3Server server;
    private static ObjectStore store;
    private static ServingChoiceLog log;

    @BeforeAll
    static void startServer() {
        server = S3Server.create(0, null, "store-test", "store-test-secret").start();
        store = ObjectStoreTest.storeAt(server.endpoint(), "store-test-secret");
        store.ensureBucket();
        log = new ServingChoiceLog(store);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDatasetWithoutChoicesHasNone() {
        assertThat(log.current("never-chosen")).isEmpty();
    }

    @Test
    void twoWritersOfTheSameRevisionCannotBothWinAndTheLoserBuildsOnTheWinner() {
        ServingChoice stored = ServingChoice.initial("race");
        ServingChoice mine = stored.choose(ServingChoice.Choice.pinned("race-20261203-100000-aaaa", 3, T), T);
        ServingChoice theirs = stored.choose(ServingChoice.Choice.pinned("race-20261203-100000-bbbb", 5, T), T);

        assertThat(log.create(theirs)).isTrue();
        assertThat(log.create(mine)).isFalse();

        ServingChoice current = log.current("race").orElseThrow();
        assertThat(current).isEqualTo(theirs);
        ServingChoice retried = current.choose(ServingChoice.Choice.pinned("race-20261203-100000-aaaa", 3, T), T);
        assertThat(log.create(retried)).isTrue();
        assertThat(log.current("race")).contains(retried);
        assertThat(retried.revision()).isEqualTo(2);
        assertThat(retried.previous().get(0).epoch()).isEqualTo(5);
    }

    @Test
    void theHighestRevisionIsInForceAndOldOnesArePruned() {
        ServingChoice choice = ServingChoice.initial("many");
        for (int i = 1; i <= ServingChoiceLog.KEEP_OLDER + 5; i++) {
            choice = choice.choose(i % 2 == 0 ? ServingChoice.Choice.newest(T)
                    : ServingChoice.Choice.pinned("many-20261203-100000-cccc", i, T), T);
            assertThat(log.create(choice)).isTrue();
            assertThat(log.current("many")).contains(choice);
        }

        assertThat(log.keys("many")).hasSize(ServingChoiceLog.KEEP_OLDER + 1)
                .last().isEqualTo(ObjectKeys.modelServedRevision("many", ServingChoiceLog.KEEP_OLDER + 5));
    }

    @Test
    void aBucketFromBeforeRevisionObjectsServesItsServedJsonUntilTheNextChange() {
        ServingChoice old = ServingChoice.initial("older").choose(ServingChoice.Choice.pinned("older-20261203-100000-dddd", 2, T), T)
                .choose(ServingChoice.Choice.pinned("older-20261203-100000-dddd", 4, T), T);
        store.putJson(ObjectKeys.modelServed("older"), old);

        assertThat(log.current("older")).contains(old);

        ServingChoice next = old.choose(ServingChoice.Choice.newest(T), T);
        assertThat(log.create(next)).isTrue();
        assertThat(log.current("older")).contains(next);
        assertThat(log.keys("older")).containsExactly(ObjectKeys.modelServedRevision("older", 3),
                ObjectKeys.modelServed("older"));
    }
}
