package dev.slipway.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache-mount directories stay within their bound; one mounted by a running step is never removed. */
class CacheMountsTest {

    private static final int FILE = 1000;

    @TempDir
    Path tmp;

    private static void fill(CacheMounts.Handle h, String name) throws Exception {
        Files.write(h.path().resolve(name), new byte[FILE]);
    }

    @Test
    void leastRecentlyUsedCacheIsEvictedAndAMountedOneIsKept() throws Exception {
        CacheMounts caches = new CacheMounts(tmp.resolve("cache-mounts"), 2 * FILE + FILE / 2);
        CacheMounts.Handle running = caches.acquire("apt", 0, 0, 0755);
        fill(running, "index");
        try (CacheMounts.Handle h = caches.acquire("npm", 0, 0, 0755)) {
            fill(h, "tarball");
        }
        try (CacheMounts.Handle h = caches.acquire("go-build", 1000, 1000, 0700)) {
            fill(h, "object");
        }
        try (CacheMounts.Handle h = caches.acquire("pip", 0, 0, 0755)) {
            fill(h, "wheel");
        }
        // apt is mounted (its bytes count once its step ends); npm is the least recently used free cache
        assertThat(caches.path("npm")).doesNotExist();
        assertThat(caches.path("go-build").resolve("object")).hasSize(FILE);
        assertThat(caches.path("pip").resolve("wheel")).hasSize(FILE);
        assertThat(running.path().resolve("index")).hasSize(FILE);
        running.close();
        // apt's bytes count now and its use just ended: go-build is the least recently used
        assertThat(caches.path("go-build")).doesNotExist();
        assertThat(caches.path("apt").resolve("index")).hasSize(FILE);
        assertThat(caches.path("pip").resolve("wheel")).hasSize(FILE);
        assertThat(caches.totalBytes()).isEqualTo(2L * FILE);
    }

    @Test
    void anEvictedCacheComesBackEmptyWithTheRequestedOwnerAndMode() throws Exception {
        CacheMounts caches = new CacheMounts(tmp.resolve("cache-mounts"), FILE / 2);
        try (CacheMounts.Handle h = caches.acquire("x", 0, 0, 0755)) {
            fill(h, "big");
        }
        assertThat(caches.path("x")).doesNotExist();
        try (CacheMounts.Handle h = caches.acquire("x", 1000, 1000, 0700)) {
            assertThat(h.path()).isEmptyDirectory();
            assertThat(Files.getAttribute(h.path(), "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(h.path(), "unix:mode")).isEqualTo(040700);
        }
    }
}
