package dev.slipway.worker.layer;

import java.io.IOException;

/**
 * A layer archive entry that would write outside the extraction directory: a {@code ../} name, a path through
 * an absolute symlink or a symlink that points out, or a hard link to a file outside. Nothing is written for
 * the offending entry.
 */
public final class UnsafeLayerException extends IOException {

    private static final long serialVersionUID = 1L;

    public UnsafeLayerException(String message) {
        super(message);
    }
}
