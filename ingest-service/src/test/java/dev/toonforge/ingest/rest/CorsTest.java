package dev.toonforge.ingest.rest;

import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

/** Browsers may call the ingest API from the gallery's origin only. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class CorsTest {

    @Test
    void theGalleryOriginIsAllowedAndOthersAreNot() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .options("/api/datasets/x/images").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "http://evil.example").get("/api/datasets").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
