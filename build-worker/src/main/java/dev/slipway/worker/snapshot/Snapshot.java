package dev.slipway.worker.snapshot;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.fs.OverlayMount;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerBlob;
import dev.slipway.worker.layer.LayerPacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A writable root filesystem for one step: the unpacked layers below (read-only, shared) and a fresh upper
 * directory on top, joined by overlayfs. {@link #commit} turns the upper directory into a layer; closing removes
 * everything the snapshot owns. Nothing is ever written outside the snapshot's directory.
 *
 * <pre>
 * &lt;work&gt;/snapshots/&lt;id&gt;/upper  the step's changes
 *                        /work   overlayfs' work dir
 *                        /root   the merged view (the container's rootfs)
 *                        /empty  the lower of a FROM scratch snapshot
 * </pre>
 */
public final class Snapshot implements AutoCloseable {

    private final Path dir;
    private final Path upper;
    private final LayerDirectory layers;
    private OverlayMount mount;

    private Snapshot(Path dir, LayerDirectory layers) {
        this.dir = dir;
        this.upper = dir.resolve("upper");
        this.layers = layers;
    }

    /**
     * @param snapshotsRoot where snapshot directories live
     * @param lowers unpacked layer directories, bottom (base) first
     */
    public static Snapshot create(Path snapshotsRoot, LayerDirectory layers, List<Path> lowers) throws IOException {
        Path dir = Files.createDirectories(snapshotsRoot).resolve(UUID.randomUUID().toString().substring(0, 12));
        Files.createDirectory(dir);
        Snapshot s = new Snapshot(dir, layers);
        try {
            Files.createDirectory(s.upper);
            List<Path> topFirst = new ArrayList<>(lowers);
            java.util.Collections.reverse(topFirst);
            if (topFirst.isEmpty()) {
                topFirst.add(Files.createDirectory(dir.resolve("empty")));
            }
            s.mount = OverlayMount.mount(topFirst, s.upper, Files.createDirectory(dir.resolve("work")),
                    Files.createDirectory(dir.resolve("root")));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The merged root filesystem. */
    public Path root() {
        return dir.resolve("root");
    }

    /** The snapshot's own directory, for per-step scratch files that must never reach the layer. */
    public Path scratch() throws IOException {
        return Files.createDirectories(dir.resolve("scratch"));
    }

    /**
     * Unmounts and packs the upper directory into a layer blob at {@code blobFile}; a non-empty upper directory is
     * adopted into the layer directory so later steps stack on it without unpacking.
     */
    public LayerBlob commit(Path blobFile, Compression compression, Instant sourceDateEpoch) throws IOException {
        mount.close();
        LayerBlob blob = LayerPacker.pack(upper, blobFile, compression, sourceDateEpoch);
        if (blob.entries() > 0) {
            layers.adopt(blob.diffId(), upper);
        }
        return blob;
    }

    /** The layer directory a committed diff id lives in. */
    public Path layerPath(Digest diffId) {
        return layers.path(diffId);
    }

    @Override
    public void close() throws IOException {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            Trees.delete(dir);
        }
    }
}
