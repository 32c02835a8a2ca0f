package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.naming.InvalidNameException;
import dev.toonforge.contracts.naming.Names;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * HTTP path normalization would turn {@code /api/datasets/../images} into {@code /api/images} (a confusing 404) before
 * routing. This looks at the raw request path first: a {@code .} or {@code ..} segment (encoded or not) where a dataset
 * name belongs is answered 400 with the same message as any other invalid name.
 */
@ApplicationScoped
public class DotSegmentGuard {

    private static final String PREFIX = "/api/datasets/";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String rawPath = rc.request().uri();
            int query = rawPath.indexOf('?');
            if (query >= 0) {
                rawPath = rawPath.substring(0, query);
            }
            if (rawPath.startsWith(PREFIX)) {
                for (String segment : rawPath.substring(PREFIX.length()).split("/")) {
                    String decoded = decode(segment);
                    if (decoded.equals("..") || decoded.equals(".")) {
                        rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                                .end(new JsonObject().put("error", invalidName(decoded)).encode());
                        return;
                    }
                }
            }
            rc.next();
        }, 100);
    }

    private static String invalidName(String name) {
        try {
            Names.requireDataset(name);
            return "'" + name + "' is not a valid dataset name.";
        } catch (InvalidNameException e) {
            return e.getMessage();
        }
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
