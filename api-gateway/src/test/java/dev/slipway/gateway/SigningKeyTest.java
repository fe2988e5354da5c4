package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.Jwts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/** The signing keys: made on first start under the data folder, published as a JWKS, rotated by admins. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SigningKeyTest {

    private static String token() {
        return given().auth().preemptive().basic("skuser", Api.token("skuser"))
                .queryParam("scope", "repository:skuser/app:pull")
                .get("/api/v1/token").then().statusCode(200).extract().path("token");
    }

    @Test
    void theKeysLiveUnderTheDataFolderReadableOnlyByTheirOwner() throws Exception {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("gateway.data-dir", String.class), "gateway/token-keys");
        String current = Files.readString(dir.resolve("current")).trim();
        Path key = dir.resolve(current + ".der");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Jwts.jwks().getJsonWebKeys()).extracting(JsonWebKey::getKeyId).contains(current);
    }

    @Test
    void theKidIsDerivedFromThePublicKeyAsTheContractSays() throws Exception {
        for (JsonWebKey key : Jwts.jwks().getJsonWebKeys()) {
            assertThat(key.getKeyType()).isEqualTo("RSA");
            assertThat(key.getUse()).isEqualTo("sig");
            assertThat(key.getAlgorithm()).isEqualTo("RS256");
            byte[] der = ((RsaJsonWebKey) key).getRsaPublicKey().getEncoded();
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(der);
            assertThat(key.getKeyId())
                    .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16)));
            assertThat(((RsaJsonWebKey) key).getRsaPublicKey().getModulus().bitLength()).isEqualTo(2048);
        }
    }

    @Test
    void rotationSignsWithANewKeyAndKeepsOldTokensVerifiable() throws Exception {
        String before = token();
        String oldKid = Jwts.kid(before);

        String newKid = Api.as("admin").post("/api/v1/admin/token-keys/rotate").then().statusCode(200)
                .extract().path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);
        List<String> published = Api.as("admin").post("/api/v1/admin/token-keys/rotate").then().statusCode(200)
                .extract().path("published");
        // Two rotations: the newest signs, both earlier keys still verify the tokens they signed.
        assertThat(published).hasSize(3).contains(oldKid, newKid);
        String newest = published.get(0);

        String after = token();
        assertThat(Jwts.kid(after)).isEqualTo(newest);
        assertThat(Jwts.verify(after).getSubject()).isEqualTo("skuser");
        assertThat(Jwts.verify(before).getSubject()).isEqualTo("skuser");
        assertThat(Stream.of(Jwts.jwks().getJsonWebKeys().toArray(JsonWebKey[]::new)).map(JsonWebKey::getKeyId))
                .contains(oldKid, newKid, newest);
    }

    @Test
    void onlyAdminsRotate() {
        Api.as("skuser").post("/api/v1/admin/token-keys/rotate").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().post("/api/v1/admin/token-keys/rotate").then().statusCode(401);
    }
}
