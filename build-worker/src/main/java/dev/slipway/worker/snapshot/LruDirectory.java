package dev.slipway.worker.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The entries (subdirectories) of one directory with their sizes, last use and pins, bounded in total size: beyond
 * the bound, the least recently used entries that nothing pins are removed. An entry is renamed out of the way
 * under the lock (so it is gone at once for every caller) and deleted afterwards. Names starting with {@code .} are
 * work in progress, never entries. Thread-safe.
 */
final class LruDirectory {

    private static final Logger LOG = Logger.getLogger(LruDirectory.class);
    private static final String TRASH = ".trash-";

    /** One entry's bookkeeping. */
    private static final class Entry {
        long size;
        long lastUse;
        int pins;

        Entry(long size, long lastUse) {
            this.size = size;
            this.lastUse = lastUse;
        }
    }

    private final Path root;
    private final long maxBytes;
    private final Map<String, Entry> entries = new HashMap<>();
    private long total;
    /** A logical clock: uses within one millisecond still have an order. */
    private long clock;

    /**
     * Takes stock of what an earlier run of the worker left: entries ordered by modification time, leftovers of
     * interrupted work removed.
     */
    LruDirectory(Path root, long maxBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.maxBytes = maxBytes;
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(".")) {
                    Trees.delete(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparing(LruDirectory::modified));
        for (Path p : found) {
            Entry e = new Entry(sizeOf(p), ++clock);
            entries.put(p.getFileName().toString(), e);
            total += e.size;
        }
    }

    Path root() {
        return root;
    }

    /** Pins an entry that exists and records the use; false when there is none. */
    synchronized boolean pinIfPresent(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return false;
        }
        e.pins++;
        e.lastUse = ++clock;
        return true;
    }

    /** Records a new entry (already in place under {@link #root}); {@code pinned} keeps it until {@link #unpin}. */
    synchronized void add(String name, long size, boolean pinned) {
        Entry e = entries.get(name);
        if (e == null) {
            e = new Entry(size, 0);
            entries.put(name, e);
            total += size;
        }
        e.lastUse = ++clock;
        if (pinned) {
            e.pins++;
        }
    }

    /** Releases a pin and records the use; {@code newSize} (when not negative) replaces the recorded size of an entry that grew. */
    synchronized void unpin(String name, long newSize) {
        Entry e = entries.get(name);
        if (e == null) {
            return;
        }
        e.pins = Math.max(0, e.pins - 1);
        // the end of a use counts as a use: a cache mounted for an hour was not idle that hour
        e.lastUse = ++clock;
        if (newSize >= 0) {
            total += newSize - e.size;
            e.size = newSize;
        }
    }

    synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Bytes recorded over all entries. */
    synchronized long totalBytes() {
        return total;
    }

    /** Removes the least recently used unpinned entries until the total fits the bound (or only pinned ones remain). */
    void evict() {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            if (total <= maxBytes) {
                return;
            }
            List<Map.Entry<String, Entry>> candidates = new ArrayList<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (e.getValue().pins == 0) {
                    candidates.add(e);
                }
            }
            candidates.sort(Comparator.comparingLong(e -> e.getValue().lastUse));
            for (Map.Entry<String, Entry> victim : candidates) {
                if (total <= maxBytes) {
                    break;
                }
                Path trash = root.resolve(TRASH + UUID.randomUUID());
                try {
                    Files.move(root.resolve(victim.getKey()), trash, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    LOG.warnf("cannot evict %s: %s", root.resolve(victim.getKey()), e.getMessage());
                    continue;
                }
                entries.remove(victim.getKey());
                total -= victim.getValue().size;
                doomed.add(trash);
            }
        }
        for (Path p : doomed) {
            try {
                Trees.delete(p);
            } catch (IOException e) {
                LOG.warnf("cannot delete evicted %s: %s", p, e.getMessage());
            }
        }
    }

    /** Bytes a directory tree holds: regular files (a hard-linked file once) and symlinks. */
    static long sizeOf(Path dir) throws IOException {
        long[] sum = {0};
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Object key = attrs.fileKey();
                if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && (key == null || seen.add(key))) {
                    sum[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
