package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.Jwts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/token}: Docker's registry token flow as skopeo, podman and docker drive it. Every token is
 * verified against the published JWKS as the layer-store would, and its {@code access} claim checked.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RegistryTokenTest {

    private static final String SERVICE = "slipway-registry";

    /** Asks for a token with the given credentials and scopes; verifies it; @return its claims. */
    private static JwtClaims token(RequestSpecification as, String... scopes) throws InvalidJwtException {
        String jwt = ask(as, scopes).statusCode(200)
                .contentType(ContentType.JSON)
                .body("expires_in", equalTo(300))
                .extract().path("token");
        return Jwts.verify(jwt);
    }

    private static ValidatableResponse ask(RequestSpecification as, String... scopes) {
        RequestSpecification request = as.queryParam("service", SERVICE);
        if (scopes.length > 0) {
            request = request.queryParam("scope", (Object[]) scopes);
        }
        return request.get("/api/v1/token").then();
    }

    private static RequestSpecification basic(String user) {
        return given().auth().preemptive().basic(user, Api.token(user));
    }

    @Test
    void answerIsTheDockerTokenShapeAndVerifiesAgainstTheJwks() throws Exception {
        Api.token("tkalice");
        var response = ask(basic("tkalice"), "repository:tkalice/app:pull").statusCode(200)
                .header("Cache-Control", "no-store")
                .extract();
        String token = response.path("token");
        assertThat((String) response.path("access_token")).isEqualTo(token);
        Instant issuedAt = Instant.parse(response.path("issued_at"));
        assertThat(issuedAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

        JwtClaims claims = Jwts.verify(token);
        assertThat(claims.getIssuer()).isEqualTo("slipway");
        assertThat(claims.getSubject()).isEqualTo("tkalice");
        assertThat(claims.getAudience()).containsExactly(SERVICE);
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(claims.getNotBefore().getValue()).isLessThanOrEqualTo(claims.getIssuedAt().getValue());
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(issuedAt.getEpochSecond());
        assertThat(Jwts.access(claims)).containsExactly(Map.entry("repository:tkalice/app", List.of("pull")));
        assertThat(claims.hasClaim("pullable")).isFalse();

        // The header names the key that signed it, and that key is an RS256 signing key of the JWKS.
        JsonWebKey key = Jwts.jwks().findJsonWebKey(Jwts.kid(token), "RSA", "sig", "RS256");
        assertThat(key).isNotNull();
        assertThat(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).doesNotContain("\"d\"");
    }

    @Test
    void aTamperedOrForeignTokenDoesNotVerify() throws Exception {
        String jwt = ask(basic("tkalice"), "repository:tkalice/app:pull").statusCode(200).extract().path("token");
        String[] parts = jwt.split("\\.");
        // Same header and signature, a payload granting more: the signature no longer matches.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"pull\"", "\"push\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> Jwts.verify(forged)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void userGetsEverythingInItsOwnNamespace() throws Exception {
        JwtClaims claims = token(basic("tkalice"), "repository:tkalice/app:pull,push,delete",
                "repository:tkalice/deep/er/app:*");
        assertThat(Jwts.access(claims)).containsExactly(
                Map.entry("repository:tkalice/app", List.of("pull", "push", "delete")),
                Map.entry("repository:tkalice/deep/er/app", List.of("pull", "push", "delete")));
    }

    @Test
    void anotherUsersNamespaceIsGrantedNothingNotRefused() throws Exception {
        Api.token("tkbob");
        JwtClaims claims = token(basic("tkalice"), "repository:tkbob/app:pull,push", "repository:tkalice/app:push");
        assertThat(Jwts.access(claims)).containsExactly(Map.entry("repository:tkalice/app", List.of("push")));
    }

    @Test
    void systemOwnedNamespacesArePullOnly() throws Exception {
        JwtClaims claims = token(basic("tkalice"), "repository:library/ubuntu:pull,push,delete",
                "repository:training/sinatra:push,pull", "repository:busybox:pull,push");
        assertThat(Jwts.access(claims)).containsExactly(
                Map.entry("repository:library/ubuntu", List.of("pull")),
                Map.entry("repository:training/sinatra", List.of("pull")),
                Map.entry("repository:busybox", List.of("pull")));
    }

    @Test
    void adminsGetEverything() throws Exception {
        Api.token("tkbob");
        JwtClaims claims = token(given().auth().preemptive().basic("admin", Api.adminToken()),
                "repository:tkbob/app:pull,push,delete", "repository:library/ubuntu:push", "registry:catalog:*");
        assertThat(Jwts.access(claims)).containsExactly(
                Map.entry("repository:tkbob/app", List.of("pull", "push", "delete")),
                Map.entry("repository:library/ubuntu", List.of("push")),
                Map.entry("registry:catalog", List.of("*")));
        assertThat(claims.getStringListClaimValue("pullable")).containsExactly("*");
    }

    @Test
    void anApiTokenAsBearerWorksToo() throws Exception {
        JwtClaims claims = token(given().auth().oauth2(Api.token("tkalice")), "repository:tkalice/app:pull");
        assertThat(claims.getSubject()).isEqualTo("tkalice");
        assertThat(Jwts.access(claims)).containsOnlyKeys("repository:tkalice/app");
    }

    @Test
    void scopesMayComeSpaceSeparatedWithAClassSuffixAndTwiceForOneRepository() throws Exception {
        JwtClaims claims = token(basic("tkalice"), "repository(plugin):tkalice/a:pull repository:tkalice/b:push",
                "repository:tkalice/a:push", "somethingelse:x:pull", "repository:tkalice/a:frobnicate");
        assertThat(Jwts.access(claims)).containsExactly(
                Map.entry("repository:tkalice/a", List.of("pull", "push")),
                Map.entry("repository:tkalice/b", List.of("push")));
    }

    @Test
    void loginWithoutScopeGetsATokenWithoutAccess() throws Exception {
        JwtClaims claims = token(basic("tkalice"));
        assertThat(claims.getSubject()).isEqualTo("tkalice");
        assertThat(Jwts.access(claims)).isEmpty();
    }

    @Test
    void theCatalogGoesToAuthenticatedCallersWithTheirPullablePatterns() throws Exception {
        JwtClaims claims = token(basic("tkcarol"), "registry:catalog:*");
        assertThat(Jwts.access(claims)).containsExactly(Map.entry("registry:catalog", List.of("*")));
        assertThat(claims.getStringListClaimValue("pullable")).contains("tkcarol/*", "library/*")
                .doesNotContain("*");
        JwtClaims anonymous = token(given(), "registry:catalog:*");
        assertThat(Jwts.access(anonymous)).isEmpty();
        assertThat(anonymous.hasClaim("pullable")).isFalse();
    }

    @Test
    void wrongCredentialsAreUnauthorized() {
        Api.token("tkbob");
        ask(given().auth().preemptive().basic("tkalice", "slp_wrong"), "repository:tkalice/app:pull")
                .statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic realm="))
                .body("code", equalTo("unauthorized"));
        // Another user's valid token is no password of tkalice.
        ask(given().auth().preemptive().basic("tkalice", Api.token("tkbob")), "repository:tkalice/app:pull")
                .statusCode(401).body("code", equalTo("unauthorized"));
        ask(given().auth().preemptive().basic("nosuchuser", "x")).statusCode(401);
        ask(given().auth().oauth2("slp_not-a-token")).statusCode(401).body("code", equalTo("unauthorized"));
        ask(given().header("Authorization", "Basic %%%notbase64")).statusCode(401);
        ask(given().header("Authorization", "Digest whatever")).statusCode(401);
    }

    @Test
    void anotherServiceIsRefused() {
        given().auth().preemptive().basic("tkalice", Api.token("tkalice"))
                .queryParam("service", "docker.io").queryParam("scope", "repository:tkalice/app:pull")
                .get("/api/v1/token").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-service")).body("detail", containsString(SERVICE));
    }

    @Test
    void malformedScopesAreRefused() {
        for (String scope : List.of("repository", "repository:tkalice/app", "repository::pull", ":tkalice/app:pull",
                "repository:tkalice/app:", "repository:Upper/Case:pull", "repository:tkalice/app:pull,,push",
                "Repo:tkalice/app:pull", "repository:tkalice//app:pull")) {
            ask(basic("tkalice"), scope).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid-scope")).body("detail", containsString(scope));
        }
    }

    @Test
    void theTokenEndpointIsNotOpenToOtherMethods() {
        given().post("/api/v1/token").then().statusCode(405).body("code", equalTo("method-not-allowed"));
    }
}
