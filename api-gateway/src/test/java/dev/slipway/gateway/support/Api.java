package dev.slipway.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test-side access to the gateway as its users: the bootstrap admin (token read from the data folder) and others. */
public final class Api {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    /** @return the bootstrap admin's token, as a user on this machine would read it */
    public static String adminToken() {
        return TOKENS.computeIfAbsent("admin", n -> {
            Path file = Path.of(ConfigProvider.getConfig().getValue("gateway.data-dir", String.class), "admin-token");
            try {
                return Files.readString(file).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return a token of the (created on first use) non-admin user {@code name} */
    public static String token(String name) {
        return TOKENS.computeIfAbsent(name, n -> given().auth().oauth2(adminToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", n))
                .post("/api/v1/users")
                .then().statusCode(201)
                .extract().path("token"));
    }

    /** @return a request authenticated as {@code name} */
    public static RequestSpecification as(String name) {
        return given().auth().oauth2(name.equals("admin") ? adminToken() : token(name));
    }
}
