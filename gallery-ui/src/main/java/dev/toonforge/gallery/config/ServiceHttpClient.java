package dev.toonforge.gallery.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.net.http.HttpClient;
import java.time.Duration;

/** The one HTTP client the gallery calls the other services with (uploads to ingest, serving requests to the sampler). */
@ApplicationScoped
public class ServiceHttpClient {

    @Produces
    @ApplicationScoped
    HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
