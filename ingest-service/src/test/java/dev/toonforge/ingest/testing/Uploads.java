package dev.toonforge.ingest.testing;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Upload requests as a client sends them. */
public final class Uploads {

    public static final String TOKEN = "test-token-0123456789";

    private Uploads() {
    }

    public static String newDataset(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** POSTs {@code nameThenBytes} as parts named 'files' to the dataset, with the token. */
    public static ValidatableResponse upload(String dataset, String query, Object... nameThenBytes) {
        RequestSpecification request = authorized();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            request = request.multiPart("files", (String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1],
                    "application/octet-stream");
        }
        return request.when().post("/api/datasets/" + dataset + "/images" + (query == null ? "" : query)).then();
    }
}
