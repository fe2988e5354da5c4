package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Writeback} reaches the kernel on this (Linux) machine, queues whole steps only, and degrades to nothing where
 * it cannot open the file, without touching the bytes either way.
 */
class WritebackTest {

    @TempDir
    Path dir;

    @Test
    void writebackIsQueuedStepByStepAndLeavesTheBytesAlone() throws IOException {
        Path file = dir.resolve("blob");
        byte[] content = new byte[(int) (2 * Writeback.STEP + 4096)];
        ThreadLocalRandom.current().nextBytes(content);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                Writeback writeback = Writeback.of(file, 0)) {
            out.write(ByteBuffer.wrap(content, 0, (int) Writeback.STEP - 1));
            writeback.written(out.position());
            assertThat(writeback.queuedTo()).as("less than a step waits").isZero();

            out.write(ByteBuffer.wrap(content, (int) Writeback.STEP - 1, content.length - (int) Writeback.STEP + 1));
            writeback.written(out.position());
            assertThat(writeback.queuedTo()).as("sync_file_range was called and succeeded").isEqualTo(content.length);
        }
        assertThat(file).hasBinaryContent(content);
    }

    @Test
    void aFileThatCannotBeOpenedGetsNoWriteback() {
        try (Writeback writeback = Writeback.of(dir.resolve("missing"), 0)) {
            writeback.written(3 * Writeback.STEP);
            assertThat(writeback.queuedTo()).isZero();
        }
    }
}
