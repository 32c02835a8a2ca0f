package dev.toonforge.gallery.rest;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.config.ServiceUrls;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A restrictive Content-Security-Policy on every response, pages and API alike: only this origin's scripts, styles and
 * connections; images also from the sampler, whose origin comes from configuration (so it cannot be a static header).
 */
@Singleton
public class SecurityHeaders {

    private final String policy;

    public SecurityHeaders(GallerySettings settings) {
        this.policy = String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: " + ServiceUrls.origin(settings.samplerUrl()),
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    public String policy() {
        return policy;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            rc.response().headers()
                    .set("Content-Security-Policy", policy)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer");
            rc.next();
        });
    }
}
