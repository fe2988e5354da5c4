package dev.slipway.cli.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * {@code docker build -}: what stdin holds decides the context, as in docker. A tar archive (plain or gzip, sent as
 * is; bzip2, unpacked here) is the context, with the Dockerfile inside it ({@code -f} names it, default
 * {@code Dockerfile}). Anything else is a Dockerfile, built with an empty context.
 */
public final class StdinContext {

    private static final int BLOCK = 512;
    private static final int CHECKSUM_OFFSET = 148;
    private static final int CHECKSUM_LENGTH = 8;

    private StdinContext() {
    }

    /**
     * @param stdin what was piped in (read to its end)
     * @param dockerfile {@code -f} as typed, or {@code null}
     * @param tar where the context tar goes (replaced)
     * @return the Dockerfile's path inside the tar, for the {@code dockerfile} build parameter
     * @throws ContextException if stdin is empty, compressed but not a tar, or a Dockerfile given with {@code -f}
     * @throws IOException if reading or writing fails
     */
    public static String write(InputStream stdin, String dockerfile, Path tar) throws IOException {
        Path raw = Files.createTempFile(tar.getParent(), "slip-stdin", ".raw");
        try {
            Files.copy(stdin, raw, StandardCopyOption.REPLACE_EXISTING);
            byte[] head = head(raw, BLOCK);
            if (head.length == 0) {
                throw new ContextException("the build context on stdin is empty: pipe a Dockerfile or a tar archive");
            }
            String inArchive = dockerfile == null ? ContextArchive.DEFAULT_DOCKERFILE : dockerfile;
            if (isGzip(head)) {
                byte[] first;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(raw))) {
                    first = in.readNBytes(BLOCK);
                } catch (IOException e) {
                    throw new ContextException("the build context on stdin looks gzip-compressed but is not: "
                            + e.getMessage());
                }
                requireTar(first, "gzip");
                Files.move(raw, tar, StandardCopyOption.REPLACE_EXISTING);
                return inArchive;
            }
            if (isBzip2(head)) {
                try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(raw))) {
                    Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new ContextException("the build context on stdin looks bzip2-compressed but is not: "
                            + e.getMessage());
                }
                requireTar(head(tar, BLOCK), "bzip2");
                return inArchive;
            }
            if (isXz(head)) {
                throw new ContextException("xz-compressed build contexts are not supported: pipe a plain, gzip or "
                        + "bzip2 tar");
            }
            if (isTar(head)) {
                Files.move(raw, tar, StandardCopyOption.REPLACE_EXISTING);
                return inArchive;
            }
            if (dockerfile != null) {
                throw new ContextException("-f cannot be used with a Dockerfile on stdin: the Dockerfile is stdin");
            }
            dockerfileOnly(raw, tar);
            return ContextArchive.DEFAULT_DOCKERFILE;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static void dockerfileOnly(Path dockerfile, Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream archive = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry = new TarArchiveEntry(ContextArchive.DEFAULT_DOCKERFILE);
            entry.setSize(Files.size(dockerfile));
            entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
            entry.setModTime(System.currentTimeMillis());
            entry.setIds(0, 0);
            archive.putArchiveEntry(entry);
            Files.copy(dockerfile, archive);
            archive.closeArchiveEntry();
            archive.finish();
        }
    }

    private static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    private static void requireTar(byte[] first, String compression) throws ContextException {
        if (!isTar(first)) {
            throw new ContextException("the build context on stdin is " + compression
                    + "-compressed but not a tar archive");
        }
    }

    private static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    private static boolean isBzip2(byte[] head) {
        return head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h';
    }

    private static boolean isXz(byte[] head) {
        return head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0;
    }

    /**
     * A tar starts with a 512-byte header whose checksum field (octal, bytes 148–155) is the sum of the header's
     * bytes with that field counted as spaces (POSIX ustar, GNU and v7 alike); an empty archive is a zero block.
     */
    static boolean isTar(byte[] header) {
        if (header.length < BLOCK) {
            return false;
        }
        boolean zero = true;
        for (byte b : header) {
            zero &= b == 0;
        }
        if (zero) {
            return true;
        }
        String field = new String(header, CHECKSUM_OFFSET, CHECKSUM_LENGTH, StandardCharsets.US_ASCII)
                .replace('\0', ' ').trim();
        if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            boolean inField = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH;
            sum += inField ? ' ' : header[i] & 0xff;
        }
        return sum == Long.parseLong(field, 8);
    }
}
