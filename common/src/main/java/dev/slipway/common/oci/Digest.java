package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest {@code <algorithm>:<hex>} as used throughout the OCI image and distribution specs.
 * Only the registered algorithms {@code sha256} and {@code sha512} are accepted, with lowercase hex of the
 * exact length; any other string is rejected at construction, so a {@code Digest} is always valid.
 * Serialised to JSON as its string form.
 *
 * @param algorithm the hash algorithm
 * @param hex the lowercase hex encoding of the hash
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI descriptor digests</a>
 */
public record Digest(Algorithm algorithm, String hex) implements Comparable<Digest> {

    /** The registered digest algorithms of the OCI image spec. */
    public enum Algorithm {
        /** SHA-256, the algorithm every registry must support. */
        SHA256("sha256", "SHA-256", 64),
        /** SHA-512. */
        SHA512("sha512", "SHA-512", 128);

        private final String id;
        private final String jcaName;
        private final int hexLength;

        Algorithm(String id, String jcaName, int hexLength) {
            this.id = id;
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        /** @return the algorithm identifier as written in a digest string, e.g. {@code sha256} */
        public String id() {
            return id;
        }

        /** @return the number of hex characters of an encoded hash */
        public int hexLength() {
            return hexLength;
        }

        /** @return a fresh JCA message digest for this algorithm */
        public MessageDigest newMessageDigest() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                // every Java SE runtime must provide SHA-256 and SHA-512
                throw new IllegalStateException(jcaName + " unavailable", e);
            }
        }

        /**
         * @param id an algorithm identifier such as {@code sha256}
         * @return the algorithm
         * @throws InvalidDigestException if the identifier is not a supported algorithm
         */
        public static Algorithm fromId(String id) {
            for (Algorithm a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            throw new InvalidDigestException("unsupported digest algorithm \"" + id + "\" (supported: sha256, sha512)");
        }
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final int BUFFER_SIZE = 64 * 1024;

    /**
     * @throws InvalidDigestException if {@code hex} is not lowercase hex of the algorithm's length
     */
    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (!isLowerHex(hex, algorithm.hexLength())) {
            throw new InvalidDigestException("invalid digest \"" + algorithm.id() + ":" + hex + "\": " + algorithm.id()
                    + " digest must be " + algorithm.hexLength() + " lowercase hex characters");
        }
    }

    /**
     * Parses {@code <algorithm>:<hex>}.
     *
     * @param value the digest string
     * @return the digest
     * @throws InvalidDigestException naming the rule that {@code value} breaks
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Digest parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidDigestException("invalid digest \"\": digest must not be empty");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new InvalidDigestException(
                    "invalid digest \"" + value + "\": digest must have the form <algorithm>:<hex>");
        }
        Algorithm algorithm;
        try {
            algorithm = Algorithm.fromId(value.substring(0, colon));
        } catch (InvalidDigestException e) {
            throw new InvalidDigestException("invalid digest \"" + value + "\": " + e.getMessage());
        }
        return new Digest(algorithm, value.substring(colon + 1));
    }

    /**
     * @param bytes the content
     * @return the sha256 digest of {@code bytes}
     */
    public static Digest sha256(byte[] bytes) {
        return of(Algorithm.SHA256, bytes);
    }

    /**
     * @param algorithm the algorithm
     * @param bytes the content
     * @return the digest of {@code bytes}
     */
    public static Digest of(Algorithm algorithm, byte[] bytes) {
        return fromHash(algorithm, algorithm.newMessageDigest().digest(bytes));
    }

    /**
     * Reads {@code in} to its end and digests it, without holding the content in memory. Does not close the stream.
     *
     * @param algorithm the algorithm
     * @param in the content
     * @return the digest of everything read
     * @throws IOException if reading fails
     */
    public static Digest compute(Algorithm algorithm, InputStream in) throws IOException {
        MessageDigest md = algorithm.newMessageDigest();
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int n; (n = in.read(buffer)) != -1; ) {
            md.update(buffer, 0, n);
        }
        return fromHash(algorithm, md.digest());
    }

    static Digest fromHash(Algorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HEX.formatHex(hash));
    }

    /** @return the first 12 hex characters, the short image ID that {@code docker images} shows */
    public String shortId() {
        return hex.substring(0, 12);
    }

    /** @return {@code <algorithm>:<hex>} */
    @JsonValue
    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    private static boolean isLowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
