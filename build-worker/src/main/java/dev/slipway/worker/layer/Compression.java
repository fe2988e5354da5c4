package dev.slipway.worker.layer;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The codecs a layer blob may use, with the media type each produces: gzip (the default), zstd (chosen per build)
 * and none. Base-image layers are read in whichever of them their media type names.
 */
public enum Compression {

    /** gzip, {@code application/vnd.oci.image.layer.v1.tar+gzip}. */
    GZIP(MediaTypes.OCI_LAYER_GZIP) {
        @Override
        public OutputStream compress(OutputStream out) throws IOException {
            // Fixed level and an all-zero header (no name, mtime 0): identical tars give identical blobs.
            return new GZIPOutputStream(out, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }

        @Override
        public InputStream decompress(InputStream in) throws IOException {
            return new GZIPInputStream(in, 64 * 1024);
        }
    },

    /**
     * zstd, {@code application/vnd.oci.image.layer.v1.tar+zstd}: faster to unpack than gzip and smaller. One frame,
     * single-threaded, no checksum (the blob digest covers it), so identical tars give identical blobs.
     */
    ZSTD(MediaTypes.OCI_LAYER_ZSTD) {
        @Override
        public OutputStream compress(OutputStream out) throws IOException {
            ZstdOutputStream z = new ZstdOutputStream(out, RecyclingBufferPool.INSTANCE);
            z.setLevel(3);
            z.setChecksum(false);
            return z;
        }

        @Override
        public InputStream decompress(InputStream in) throws IOException {
            // reads every frame of the blob, as other tools may write several
            return new ZstdInputStream(in, RecyclingBufferPool.INSTANCE);
        }
    },

    /** No compression, {@code application/vnd.oci.image.layer.v1.tar}. */
    NONE(MediaTypes.OCI_LAYER_TAR) {
        @Override
        public OutputStream compress(OutputStream out) {
            return out;
        }

        @Override
        public InputStream decompress(InputStream in) {
            return in;
        }
    };

    private final MediaType mediaType;

    Compression(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** The layer media type of blobs in this codec. */
    public MediaType mediaType() {
        return mediaType;
    }

    /** Wraps a sink; closing the result finishes the codec's stream and closes {@code out}. */
    public abstract OutputStream compress(OutputStream out) throws IOException;

    /** Wraps a source. */
    public abstract InputStream decompress(InputStream in) throws IOException;

    /**
     * The codec a build asks for by name.
     *
     * @throws IllegalArgumentException for anything but {@code gzip} or {@code zstd}
     */
    public static Compression named(String name) {
        return switch (name) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            default -> throw new IllegalArgumentException("unsupported layer compression \"" + name
                    + "\": use gzip or zstd");
        };
    }

    /** The codec of a layer media type (OCI or Docker), for reading base-image layers. */
    public static Compression forMediaType(MediaType type) {
        String v = type.value();
        if (v.endsWith("+gzip") || v.endsWith(".tar.gzip")) {
            return GZIP;
        }
        if (v.endsWith("+zstd")) {
            return ZSTD;
        }
        if (v.endsWith(".tar") || v.endsWith("layer.v1.tar")) {
            return NONE;
        }
        throw new IllegalArgumentException("unsupported layer media type " + v);
    }
}
