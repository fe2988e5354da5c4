package dev.slipway.common.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestTest {
    // FIPS 180-2 / well-known test vectors
    private static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    @Test
    void knownVectors() throws IOException {
        assertThat(Digest.sha256(new byte[0])).hasToString("sha256:" + SHA256_EMPTY);
        assertThat(Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII))).hasToString("sha256:" + SHA256_ABC);
        assertThat(Digest.compute(Digest.Algorithm.SHA512, new ByteArrayInputStream("abc".getBytes())))
                .hasToString("sha512:" + SHA512_ABC);
    }

    @Test
    void parseRoundTripsAndShortId() {
        Digest d = Digest.parse("sha256:" + SHA256_EMPTY);
        assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
        assertThat(d.hex()).isEqualTo(SHA256_EMPTY);
        assertThat(d.shortId()).isEqualTo("e3b0c44298fc");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
        assertThat(Digest.parse("sha512:" + SHA512_ABC).algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sha256:abc|invalid digest \"sha256:abc\": sha256 digest must be 64 lowercase hex characters",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855|sha256 digest must be 64 lowercase hex characters",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g|sha256 digest must be 64 lowercase hex characters",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|sha512 digest must be 128 lowercase hex characters",
        "md5:d41d8cd98f00b204e9800998ecf8427e|unsupported digest algorithm \"md5\"",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|digest must have the form <algorithm>:<hex>",
        ":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|digest must have the form <algorithm>:<hex>",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|unsupported digest algorithm \"SHA256\"",
    })
    void rejectsInvalidDigestsNamingTheRule(String input, String message) {
        assertThatThrownBy(() -> Digest.parse(input))
                .isInstanceOf(InvalidDigestException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> Digest.parse("")).isInstanceOf(InvalidDigestException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void streamsAgreeWithOneShotDigestOverOddChunks() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Digest expected = Digest.sha256(data);

        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        byte[] buf = new byte[7919];
        assertThat(in.read()).isEqualTo(data[0] & 0xff);
        while (in.read(buf, 0, buf.length) != -1) {
            // drain in prime-sized chunks
        }
        assertThat(in.byteCount()).isEqualTo(data.length);
        assertThat(in.digest()).isEqualTo(expected);

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        out.write(data[0]);
        for (int off = 1; off < data.length; off += 65_537) {
            out.write(data, off, Math.min(65_537, data.length - off));
        }
        out.flush();
        assertThat(out.byteCount()).isEqualTo(data.length);
        assertThat(out.digest()).isEqualTo(expected);
        assertThat(sink.toByteArray()).isEqualTo(data);

        assertThat(Digest.compute(Digest.Algorithm.SHA256, new ByteArrayInputStream(data))).isEqualTo(expected);
    }

    @Test
    void skippedBytesAreStillDigested() throws IOException {
        byte[] data = "hello, slipway".getBytes(StandardCharsets.UTF_8);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data))) {
            assertThat(in.skip(5)).isEqualTo(5);
            in.readAllBytes();
            assertThat(in.digest()).isEqualTo(Digest.sha256(data));
            assertThat(in.byteCount()).isEqualTo(data.length);
        }
    }

    @Test
    void emptyStreamHasTheEmptyDigest() throws IOException {
        try (InputStream in = new DigestingInputStream(InputStream.nullInputStream())) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(((DigestingInputStream) in).digest()).hasToString("sha256:" + SHA256_EMPTY);
        }
    }
}
