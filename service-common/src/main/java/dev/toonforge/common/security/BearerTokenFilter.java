package dev.toonforge.common.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/** Rejects calls to {@link RequiresToken} endpoints that do not carry the API token, before the body is read. */
public class BearerTokenFilter {

    private static final String PREFIX = "Bearer ";

    private final ApiToken token;

    public BearerTokenFilter(ApiToken token) {
        this.token = token;
    }

    @RequiresToken
    @ServerRequestFilter(preMatching = false)
    public Response requireToken(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : null;
        if (token.matches(presented)) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"toonforge\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", presented == null
                        ? "This endpoint needs 'Authorization: Bearer <token>' (the token printed by ./toonforge up, or TOONFORGE_API_TOKEN)."
                        : "The bearer token is not valid for this deployment."))
                .build();
    }
}
