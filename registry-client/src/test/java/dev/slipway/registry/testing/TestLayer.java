package dev.slipway.registry.testing;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A real gzip-compressed tar layer holding one file of random bytes (incompressible, so the blob is as big as asked).
 *
 * @param gzip the blob
 * @param diffId the digest of the uncompressed tar
 */
public record TestLayer(byte[] gzip, Digest diffId) {

    /** A layer with one file of {@code size} random bytes from {@code seed}. */
    public static TestLayer random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        byte[] tar = tar("data-" + seed + ".bin", content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(tar.length + 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestLayer(out.toByteArray(), Digest.sha256(tar));
    }

    /** The layer's descriptor in a manifest. */
    public Descriptor descriptor() {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, gzip);
    }

    public Digest digest() {
        return descriptor().digest();
    }

    // one ustar entry plus the two zero blocks that end an archive
    private static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        int padded = (content.length + 511) / 512 * 512;
        byte[] tar = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
