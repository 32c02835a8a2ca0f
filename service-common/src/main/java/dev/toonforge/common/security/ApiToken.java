package dev.toonforge.common.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one API token of a deployment ({@code toonforge.api-token}, environment TOONFORGE_API_TOKEN). There is no default:
 * the local launcher passes the TOONFORGE_API_TOKEN it was started with, or else one it generates per data folder; a
 * production start without one fails, unless the service declares
 * {@code toonforge.api-token.required=false} because none of its endpoints is {@link RequiresToken} (e.g. the read-only
 * sampler).
 */
@ApplicationScoped
public class ApiToken {

    static final int MIN_LENGTH = 16;

    private final Optional<String> token;

    @ConfigProperty(name = "toonforge.api-token.required", defaultValue = "true")
    boolean required;

    public ApiToken(@ConfigProperty(name = "toonforge.api-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    /** Runs before every other start-up work, so a service without a usable token exits at once with this reason. */
    void refuseToStartWithoutToken(@Observes @Priority(1) StartupEvent event) {
        requireTokenIn(LaunchMode.current());
    }

    /** Throws {@link IllegalStateException} when {@code mode} is production, a token is required and none usable is set. */
    void requireTokenIn(LaunchMode mode) {
        if (mode == LaunchMode.NORMAL && required) {
            String value = token.orElseThrow(() -> new IllegalStateException(
                    "No API token: set TOONFORGE_API_TOKEN (at least " + MIN_LENGTH + " characters) before starting."));
            if (value.length() < MIN_LENGTH) {
                throw new IllegalStateException("TOONFORGE_API_TOKEN is " + value.length()
                        + " characters long; use at least " + MIN_LENGTH + ".");
            }
        }
    }

    /** True when {@code presented} equals the token; compared in constant time. */
    public boolean matches(String presented) {
        if (presented == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
