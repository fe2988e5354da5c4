package dev.slipway.cli.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slip build -}: what stdin holds decides the context, as in docker. */
class StdinContextTest {

    private static final String DOCKERFILE = "FROM busybox\nCOPY app.rb /\n";

    @TempDir
    Path dir;

    private String write(byte[] stdin, String dockerfile) throws IOException {
        return StdinContext.write(new ByteArrayInputStream(stdin), dockerfile, dir.resolve("context.tar"));
    }

    private byte[] written() throws IOException {
        return Files.readAllBytes(dir.resolve("context.tar"));
    }

    private static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] compress(byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : new BZip2CompressorOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        InputStream in = new ByteArrayInputStream(tar);
        if ((tar[0] & 0xff) == 0x1f && (tar[1] & 0xff) == 0x8b) {
            in = new java.util.zip.GZIPInputStream(in);
        }
        try (TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(archive.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void aBareDockerfileBecomesTheOnlyFileOfAnEmptyContext() throws IOException {
        assertThat(write(DOCKERFILE.getBytes(StandardCharsets.UTF_8), null)).isEqualTo("Dockerfile");
        assertThat(entries(written())).containsExactly(Map.entry("Dockerfile", DOCKERFILE));
    }

    @Test
    void aPlainOrGzipTarIsTheContextAndIsSentAsIs() throws IOException {
        byte[] plain = tar("Dockerfile", DOCKERFILE, "app.rb", "puts 1\n");
        assertThat(write(plain, null)).isEqualTo("Dockerfile");
        assertThat(written()).isEqualTo(plain);

        byte[] gzip = compress(tar("docker/Build.df", DOCKERFILE, "app.rb", "puts 1\n"), true);
        assertThat(write(gzip, "docker/Build.df")).as("-f names the Dockerfile inside the archive")
                .isEqualTo("docker/Build.df");
        assertThat(written()).isEqualTo(gzip);
    }

    @Test
    void aBzip2TarIsUnpackedIntoAPlainTar() throws IOException {
        byte[] plain = tar("Dockerfile", DOCKERFILE);
        write(compress(plain, false), null);
        assertThat(written()).isEqualTo(plain);
    }

    @Test
    void whatCannotBeAContextIsRefusedWithTheReason() {
        assertThatThrownBy(() -> write(new byte[0], null)).isInstanceOf(ContextException.class)
                .hasMessage("the build context on stdin is empty: pipe a Dockerfile or a tar archive");
        assertThatThrownBy(() -> write(compress("FROM busybox\n".repeat(60).getBytes(StandardCharsets.UTF_8), true),
                null)).hasMessage("the build context on stdin is gzip-compressed but not a tar archive");
        assertThatThrownBy(() -> write(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2}, null))
                .hasMessageStartingWith("xz-compressed build contexts are not supported");
        assertThatThrownBy(() -> write(DOCKERFILE.getBytes(StandardCharsets.UTF_8), "Other.df"))
                .hasMessage("-f cannot be used with a Dockerfile on stdin: the Dockerfile is stdin");
        assertThat(dir.resolve("context.tar")).doesNotExist();
    }

    @Test
    void aTarHeaderIsRecognisedByItsChecksum() throws IOException {
        byte[] header = java.util.Arrays.copyOf(tar("a", "x"), 512);
        assertThat(StdinContext.isTar(header)).isTrue();
        header[0] ^= 1;
        assertThat(StdinContext.isTar(header)).as("a changed byte breaks the checksum").isFalse();
        assertThat(StdinContext.isTar(new byte[512])).as("an empty archive").isTrue();
        assertThat(StdinContext.isTar("FROM busybox\n".repeat(60).getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
