package dev.slipway.cli.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextArchiveTest {

    @TempDir
    Path dir;

    private static Map<String, TarArchiveEntry> entries(byte[] tar, Map<String, String> contents) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
                if (entry.isFile()) {
                    contents.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return entries;
    }

    @Test
    void tarsTheContextWithoutIgnoredFilesButAlwaysWithDockerfileAndDockerignore() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM ubuntu:14.04\n");
        Files.writeString(dir.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n*.log\nsecret/\n!secret/keep.txt\n");
        Files.writeString(dir.resolve("app.rb"), "puts 1\n");
        Files.writeString(dir.resolve("debug.log"), "noise");
        Files.createDirectories(dir.resolve("secret"));
        Files.writeString(dir.resolve("secret/key"), "k");
        Files.writeString(dir.resolve("secret/keep.txt"), "kept");
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("app.rb"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String dockerfile = new ContextArchive(dir, null).write(out);

        assertThat(dockerfile).isEqualTo("Dockerfile");
        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, TarArchiveEntry> entries = entries(out.toByteArray(), contents);
        assertThat(entries.keySet()).containsExactly(".dockerignore", "Dockerfile", "app.rb", "link", "run.sh",
                "secret/", "secret/keep.txt");
        assertThat(contents).containsEntry("Dockerfile", "FROM ubuntu:14.04\n").containsEntry("secret/keep.txt", "kept");
        assertThat(entries.get("run.sh").getMode() & 0777).isEqualTo(0750);
        assertThat(entries.get("link").isSymbolicLink()).isTrue();
        assertThat(entries.get("link").getLinkName()).isEqualTo("app.rb");
        assertThat(entries.get("app.rb").getLongUserId()).isZero();
    }

    @Test
    void aDockerfileGivenWithDashFInsideTheContextKeepsItsRelativePath() throws IOException {
        Files.createDirectories(dir.resolve("docker"));
        Files.writeString(dir.resolve("docker/Dockerfile.dev"), "FROM busybox\n");
        String dockerfile = new ContextArchive(dir, dir.resolve("docker/Dockerfile.dev"))
                .write(new ByteArrayOutputStream());
        assertThat(dockerfile).isEqualTo("docker/Dockerfile.dev");
    }

    @Test
    void aDockerfileOutsideTheContextIsSentUnderAGeneratedName() throws IOException {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Path outside = Files.writeString(dir.resolve("Other.Dockerfile"), "FROM busybox\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String dockerfile = new ContextArchive(context, outside).write(out);
        Map<String, String> contents = new LinkedHashMap<>();
        entries(out.toByteArray(), contents);
        assertThat(dockerfile).startsWith(".dockerfile.");
        assertThat(contents).containsEntry(dockerfile, "FROM busybox\n");
    }

    @Test
    void aMissingDockerfileOrContextIsAClearError() {
        assertThatThrownBy(() -> new ContextArchive(dir, null).write(new ByteArrayOutputStream()))
                .isInstanceOf(ContextException.class).hasMessageContaining("Dockerfile").hasMessageContaining("cannot be found");
        assertThatThrownBy(() -> new ContextArchive(dir.resolve("nope"), null).write(new ByteArrayOutputStream()))
                .isInstanceOf(ContextException.class).hasMessageContaining("not found");
    }
}
