package dev.toonforge.contracts;

import dev.toonforge.contracts.naming.InvalidNameException;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesAndKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"simpsons", "a", "0", "my-faces-2", "x-"})
    void acceptsValidDatasetNames(String name) {
        assertThat(Names.requireDataset(name)).isEqualTo(name);
    }

    @Test
    void acceptsA63CharacterNameAndRejects64() {
        assertThat(Names.isDataset("a".repeat(63))).isTrue();
        assertThatThrownBy(() -> Names.requireDataset("a".repeat(64))).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/b", "Simpsons", "UPPER", "-leading", "with space", "under_score", "dot.name",
            "a\nb", "é", "a%2e%2e"})
    void rejectsDatasetNamesThatCouldEscapeOrConfuse(String name) {
        assertThatThrownBy(() -> Names.requireDataset(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("not a valid dataset name")
                .hasMessageContaining("lower-case letters");
    }

    @Test
    void rejectsEmptyAndNullWithAClearMessage() {
        assertThatThrownBy(() -> Names.requireDataset("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Names.requireDataset(null)).hasMessageContaining("is empty");
    }

    @Test
    void runIdsAndHashesAreValidatedToo() {
        assertThat(Names.requireRunId("simpsons-20261127-101530-ab12")).isNotEmpty();
        assertThatThrownBy(() -> Names.requireRunId("../simpsons")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.requireRunId("a".repeat(81))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.requireSha256("A".repeat(64))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.requireSha256("a".repeat(63))).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void buildsTheDocumentedLayout() {
        String sha = "0123456789abcdef".repeat(4);
        assertThat(ObjectKeys.datasetManifest("faces")).isEqualTo("datasets/faces/dataset.json");
        assertThat(ObjectKeys.datasetImage("faces", sha)).isEqualTo("datasets/faces/images/" + sha + ".png");
        assertThat(ObjectKeys.datasetImageAnnounced("faces", sha)).isEqualTo("datasets/faces/announced/" + sha);
        assertThat(ObjectKeys.imageHashOf(ObjectKeys.datasetImageAnnounced("faces", sha))).as("not an image").isEmpty();
        assertThat(ObjectKeys.runManifest("r1")).isEqualTo("runs/r1/run.json");
        assertThat(ObjectKeys.runSample("r1", 7)).isEqualTo("runs/r1/samples/epoch-0007.png");
        assertThat(ObjectKeys.runCheckpoint("r1", 12345)).isEqualTo("runs/r1/checkpoints/epoch-12345.zip");
        assertThat(ObjectKeys.runMetrics("r1")).isEqualTo("runs/r1/metrics.jsonl");
        assertThat(ObjectKeys.runLatest("r1")).isEqualTo("runs/r1/latest.json");
        assertThat(ObjectKeys.runOwner("r1", 12)).isEqualTo("runs/r1/owners/g-0000000012.json");
        assertThat(ObjectKeys.runOwner("r1", 12)).startsWith(ObjectKeys.runOwnersPrefix("r1"));
        assertThatThrownBy(() -> ObjectKeys.runOwner("r1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToBuildAKeyFromAnInvalidName() {
        assertThatThrownBy(() -> ObjectKeys.datasetImage("../runs", "a".repeat(64))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ObjectKeys.runLatest("x/../../y")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void parsesEpochsAndHashesBackOutOfKeys() {
        String sha = "f".repeat(64);
        assertThat(ObjectKeys.epochOf("runs/r1/samples/epoch-0042.png")).contains(42);
        assertThat(ObjectKeys.epochOf("runs/r1/latest.json")).isEmpty();
        assertThat(ObjectKeys.imageHashOf(ObjectKeys.datasetImage("faces", sha))).contains(sha);
        assertThat(ObjectKeys.imageHashOf("datasets/faces/dataset.json")).isEmpty();
        assertThat(ObjectKeys.ownerGenerationOf(ObjectKeys.runOwner("r1", 3))).contains(3L);
        assertThat(ObjectKeys.ownerGenerationOf("runs/r1/run.json")).isEmpty();
    }
}
