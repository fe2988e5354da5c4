package dev.slipway.gateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token material: 256 random bits, and the SHA-256 under which a token is stored. A fast hash is right here: the
 * token is high-entropy (no dictionary to try) and the check runs on every request.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "slp_";

    private Tokens() {
    }

    /** @return a new API token, e.g. {@code slp_} followed by 43 URL-safe characters */
    static String newToken() {
        return newToken(PREFIX);
    }

    /**
     * @param prefix what tells this kind of token apart when it turns up in a log or a config file
     * @return {@code prefix} followed by 256 random bits in 43 URL-safe characters
     */
    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the lowercase hex SHA-256 of the token's UTF-8 bytes */
    public static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
