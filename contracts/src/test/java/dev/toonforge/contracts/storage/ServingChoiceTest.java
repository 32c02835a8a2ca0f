package dev.toonforge.contracts.storage;

import dev.toonforge.contracts.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ServingChoiceTest {

    private static final Instant T = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void choicesStackUpAndRollbackReturnsToTheOneBefore() {
        ServingChoice pinA = ServingChoice.initial("faces").choose(ServingChoice.Choice.pinned("run-a", 2, T), T);
        ServingChoice pinB = pinA.choose(ServingChoice.Choice.pinned("run-b", 5, T), T);

        ServingChoice back = pinB.rollBack(T).orElseThrow();

        assertThat(back.revision()).isEqualTo(3);
        assertThat(back.current().sameModelAs(ServingChoice.Choice.pinned("run-a", 2, T))).isTrue();
        assertThat(back.previous()).hasSize(1);
        assertThat(back.previous().get(0).isPinned()).isFalse();
        assertThat(back.rollBack(T).orElseThrow().current().isPinned()).isFalse();
        assertThat(ServingChoice.initial("faces").rollBack(T)).isEmpty();
    }

    @Test
    void onlyTheLastTenChoicesAreKept() {
        ServingChoice choice = ServingChoice.initial("faces");
        for (int epoch = 1; epoch <= 15; epoch++) {
            choice = choice.choose(ServingChoice.Choice.pinned("run-a", epoch, T), T);
        }
        assertThat(choice.previous()).hasSize(ServingChoice.MAX_PREVIOUS);
        assertThat(choice.previous().get(0).epoch()).isEqualTo(14);
    }

    @Test
    void servedJsonRoundTripsAndLivesUnderModels() throws Exception {
        ServingChoice pin = ServingChoice.initial("faces").choose(ServingChoice.Choice.pinned("run-a", 2, T), T);

        String json = Json.mapper().writeValueAsString(pin);

        assertThat(Json.mapper().readValue(json, ServingChoice.class)).isEqualTo(pin);
        assertThat(json).contains("\"schemaVersion\":1").contains("\"mode\":\"pinned\"").doesNotContain("checkpointKey");
        assertThat(ObjectKeys.modelServed("faces")).isEqualTo("models/faces/served.json");
        assertThat(ObjectKeys.modelServedRevision("faces", 12)).isEqualTo("models/faces/served/r-0000000012.json")
                .startsWith(ObjectKeys.modelServedRevisionsPrefix("faces"));
        assertThat(ObjectKeys.modelServedRevision("faces", 9)).isLessThan(ObjectKeys.modelServedRevision("faces", 10));
    }
}
