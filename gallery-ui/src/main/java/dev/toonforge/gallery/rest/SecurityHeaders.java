package dev.toonforge.gallery.rest;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.config.ServiceUrls;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A restrictive Content-Security-Policy on every response, pages and API alike: only this origin's scripts, styles and
 * connections; images also from the sampler, whose origin comes from configuration (so it cannot be a static header).
 * Swagger UI ({@code /q/swagger-ui}) starts itself with an inline script and inline styles, so its pages alone may run
 * inline code; they still load and connect to this origin only.
 */
@Singleton
public class SecurityHeaders {

    private static final String SWAGGER_UI = "/q/swagger-ui";
    private static final String SWAGGER_UI_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'");

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
                    .set("Content-Security-Policy", rc.normalizedPath().startsWith(SWAGGER_UI) ? SWAGGER_UI_POLICY : policy)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer");
            rc.next();
        });
    }
}
