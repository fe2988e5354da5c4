package dev.slipway.worker.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Recursive deletion that never follows symlinks. */
final class Trees {

    private Trees() {
    }

    static void delete(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    delete(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
