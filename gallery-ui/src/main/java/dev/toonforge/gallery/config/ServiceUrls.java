package dev.toonforge.gallery.config;

import java.net.URI;

/** The other services' URLs as configured: their origin (what a Content-Security-Policy source names) and base. */
public final class ServiceUrls {

    private ServiceUrls() {
    }

    public static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("service URL '" + url
                    + "' is not an absolute http(s) URL such as http://localhost:8083");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** The URL without a trailing slash, so paths can be appended. */
    public static String base(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
