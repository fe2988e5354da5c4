package dev.slipway.layerstore.cache;

import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static io.restassured.RestAssured.given;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The build cache's bounds, made small: beyond {@code max-entries} or {@code max-bytes} of layers the least recently
 * used entries go (a lookup counts as a use), and within them nothing does. The cache table is shared with the other
 * suites, so every step here only relies on its own entries being the most recently used ones.
 */
@QuarkusTest
@TestProfile(CacheEvictionTest.SmallCache.class)
class CacheEvictionTest {

    private static final int MAX_ENTRIES = 3;
    private static final long MAX_BYTES = 10_000;

    @Test
    void beyondMaxEntriesTheLeastRecentlyUsedEntryGoes() {
        String repository = repo("cache/entries");
        String first = put(repository, 100);
        String second = put(repository, 100);
        String third = put(repository, 100);
        hit(first); // used: now the second is the least recently used
        hit(second);
        hit(third);
        hit(first);

        String fourth = put(repository, 100);

        miss(second);
        hit(first);
        hit(third);
        hit(fourth);
    }

    @Test
    void beyondMaxBytesTheLeastRecentlyUsedEntriesGo() {
        String repository = repo("cache/bytes");
        String small = put(repository, 100);
        String big = put(repository, 6_000);
        hit(small);
        hit(big); // 6,100 bytes: within the bound

        String bigger = put(repository, 7_000); // 13,100 bytes: the two older ones must go

        miss(small);
        miss(big);
        hit(bigger);
    }

    /** Pushes a layer of {@code size} bytes and caches it under a new key. */
    private static String put(String repository, int size) {
        byte[] layer = random(size);
        Digest digest = push(repository, layer);
        String key = "evict-" + Digest.sha256(random(8)).hex();
        given().contentType("application/json")
                .body("{\"layer\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest
                        + "\",\"size\":" + size + "},\"diffId\":\"" + digest + "\"}")
                .put("/api/v1/cache/" + key).then().statusCode(201);
        return key;
    }

    private static void hit(String key) {
        given().get("/api/v1/cache/" + key).then().statusCode(200);
    }

    private static void miss(String key) {
        given().get("/api/v1/cache/" + key).then().statusCode(404);
    }

    /** A build cache of three entries and 10,000 layer bytes at most. */
    public static final class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("layerstore.cache.max-entries", String.valueOf(MAX_ENTRIES),
                    "layerstore.cache.max-bytes", String.valueOf(MAX_BYTES));
        }
    }
}
