package dev.slipway.localkafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats the KRaft storage of a fresh log folder, exactly once: a formatted folder keeps its cluster id and data.
 * Runs Kafka's own {@code kafka-storage.sh format --standalone} in this JVM.
 */
final class StorageFormat {

    private StorageFormat() {
    }

    /**
     * @param settings   the broker's folders
     * @param properties the {@code server.properties} already written for these settings
     * @throws IllegalStateException with Kafka's own output when formatting fails
     */
    static void ensureFormatted(BrokerSettings settings, Path properties) {
        if (Files.exists(metaProperties(settings))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--standalone",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", properties.toString()}, out);
        } catch (Exception e) { // Scala code: checked exceptions arrive undeclared
            throw new IllegalStateException("kafka storage format failed: " + e.getMessage()
                    + " " + output.toString(StandardCharsets.UTF_8).strip(), e);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka storage format failed (status " + status + "): "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** The marker Kafka writes into every formatted log folder. */
    static Path metaProperties(BrokerSettings settings) {
        return settings.logDir().resolve("data").resolve("meta.properties");
    }
}
