package dev.slipway.gateway.build;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Recognises a build context: a tar archive, optionally gzip-compressed. A tar starts with a 512-byte header whose
 * checksum field (bytes 148–155, octal) equals the sum of the header's bytes with that field read as spaces (POSIX
 * ustar, GNU and v7 alike); an empty archive starts with a zero block.
 */
final class TarSniffer {

    private static final int BLOCK = 512;

    private TarSniffer() {
    }

    /** @return whether the file is a tar or a gzip-compressed tar */
    static boolean isTar(Path file) throws IOException {
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) < 2) {
                return false;
            }
        }
        boolean gzip = (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            byte[] header = in.readNBytes(BLOCK);
            return header.length == BLOCK && (isZero(header) || checksumMatches(header));
        } catch (ZipException | EOFException e) {
            return false; // gzip magic but not gzip
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] header) {
        String field = new String(header, 148, 8, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return false;
        }
        long expected = Long.parseLong(field, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum == expected;
    }
}
