package dev.toonforge.common.rest;

import dev.toonforge.common.testing.PinnedTestConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The bearer-token guard and the JSON error mappers over HTTP, on {@link ProbeResource}. */
@QuarkusTest
@WithTestResource(PinnedTestConfig.class)
class TokenAndErrorsTest {

    private static final String TOKEN = PinnedTestConfig.API_TOKEN;

    @Test
    void aWriteWithoutATokenIsRefusedWithAHint() {
        given().body("x").post("/probe/write").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"toonforge\"")
                .contentType(startsWith("application/json"))
                .body("$", aMapWithSize(1))
                .body("error", containsString("Authorization: Bearer <token>"));
        given().header("Authorization", "Basic " + TOKEN).body("x").post("/probe/write").then()
                .statusCode(401)
                .body("error", containsString("Authorization: Bearer <token>"));
    }

    @Test
    void aWriteWithAWrongTokenIsRefused() {
        given().header("Authorization", "Bearer wrong-token-0123456789").body("x").post("/probe/write").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"toonforge\"")
                .body("error", equalTo("The bearer token is not valid for this deployment."));
        given().header("Authorization", "Bearer " + TOKEN + "x").body("x").post("/probe/write").then().statusCode(401);
    }

    @Test
    void aWriteWithTheTokenGoesThrough() {
        given().header("Authorization", "Bearer " + TOKEN).body("x").post("/probe/write").then()
                .statusCode(200).body(equalTo("written x"));
        given().header("Authorization", "bearer  " + TOKEN + " ").body("y").post("/probe/write").then()
                .statusCode(200).body(equalTo("written y"));
    }

    @Test
    void readsNeedNoToken() {
        given().get("/probe/read").then().statusCode(200).body(equalTo("read"));
    }

    @Test
    void anInvalidNameIsA400WithItsMessage() {
        given().get("/probe/invalid-name").then()
                .statusCode(400)
                .contentType(startsWith("application/json"))
                .body("$", aMapWithSize(1))
                .body("error", equalTo("dataset name 'Bad Name' must match [a-z0-9][a-z0-9-]{0,62}"));
    }

    @Test
    void somethingMissingIsA404WithItsMessage() {
        given().get("/probe/missing").then()
                .statusCode(404)
                .contentType(startsWith("application/json"))
                .body("error", equalTo("no dataset 'gone'"));
    }

    @Test
    void aStoreThatIsDownIsA503ToRetryWithoutTheStoreAddress() {
        given().get("/probe/store-down").then()
                .statusCode(503)
                .header("Retry-After", "10")
                .contentType(startsWith("application/json"))
                .body("$", aMapWithSize(1))
                .body("error", equalTo("The object store is not reachable; nothing was changed. Try again shortly."))
                .body("error", not(containsString("10.1.2.3")));
    }
}
