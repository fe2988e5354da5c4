package dev.slipway.e2e.farm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the logs the farm's processes write. */
final class LogFiles {

    private LogFiles() {
    }

    /** @return the last {@code bytes} of a log, for an error message */
    static String tail(Path log, int bytes) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - bytes);
            file.seek(start);
            byte[] buffer = new byte[(int) (file.length() - start)];
            file.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** @return whether the log holds the text */
    static boolean contains(Path log, String text) {
        try {
            return Files.isRegularFile(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
