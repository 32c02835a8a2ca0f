package dev.toonforge.contracts.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * JSON encoding of events. Consumers call {@link #tryDecode}: a record with an unknown {@code schemaVersion} or broken JSON
 * is logged and skipped, never thrown at the consumer loop.
 */
public final class EventCodec {

    private static final System.Logger LOG = System.getLogger(EventCodec.class.getName());

    private static final Map<Class<? extends ToonforgeEvent>, Integer> SUPPORTED_VERSIONS = Map.of(
            ImageIngested.class, ImageIngested.SCHEMA_VERSION,
            CheckpointPublished.class, CheckpointPublished.SCHEMA_VERSION,
            TrainingProgress.class, TrainingProgress.SCHEMA_VERSION,
            TrainingAlarm.class, TrainingAlarm.SCHEMA_VERSION,
            ModelServed.class, ModelServed.SCHEMA_VERSION,
            RunDeleted.class, RunDeleted.SCHEMA_VERSION,
            DatasetDeleted.class, DatasetDeleted.SCHEMA_VERSION,
            RunAssignment.class, RunAssignment.SCHEMA_VERSION);

    private EventCodec() {
    }

    public static String encode(ToonforgeEvent event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encodeBytes(ToonforgeEvent event) {
        return encode(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes or throws, saying why; use {@link #tryDecode} in consumers. */
    public static <T extends ToonforgeEvent> T decode(String json, Class<T> type) throws EventDecodingException {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("not JSON: " + e.getOriginalMessage(), false, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new EventDecodingException("not a JSON object", false, null);
        }
        int supported = SUPPORTED_VERSIONS.get(type);
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new EventDecodingException(type.getSimpleName() + " without a numeric schemaVersion", true, null);
        }
        if (version.intValue() != supported) {
            throw new EventDecodingException(type.getSimpleName() + " schemaVersion " + version.intValue()
                    + " is not supported (this build reads version " + supported + ")", true, null);
        }
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), false, e);
        }
    }

    /** Decodes, or logs a warning naming the topic and offset and returns empty. */
    public static <T extends ToonforgeEvent> Optional<T> tryDecode(String json, Class<T> type, String where) {
        try {
            return Optional.of(decode(json, type));
        } catch (EventDecodingException e) {
            LOG.log(Level.WARNING, "Skipping record at " + where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    public static <T extends ToonforgeEvent> Optional<T> tryDecode(byte[] json, Class<T> type, String where) {
        return tryDecode(new String(json, StandardCharsets.UTF_8), type, where);
    }
}
