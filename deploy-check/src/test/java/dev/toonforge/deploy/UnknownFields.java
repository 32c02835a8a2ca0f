package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields the Kubernetes model does not know. fabric8 keeps them in each object's {@code additionalProperties} instead
 * of failing (as kubectl's client-side decoding would not, and the API server drops or refuses them): a misspelled
 * {@code readinesProbe} or a {@code limits} one level too high would pass unnoticed. This walks every model object
 * reachable from a resource (fields, lists, map values) and reports each non-empty {@code additionalProperties} with its
 * path, e.g. {@code spec.template.spec.containers[0].readinesProbe}.
 */
public final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes";

    private UnknownFields() {
    }

    public static List<String> in(KubernetesResource resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                    }
                } else {
                    walk(fieldValue, join(path, field.getName()), found, seen);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + " of the Kubernetes model", e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
