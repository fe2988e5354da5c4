package dev.slipway.sync.transfer;

import dev.slipway.common.oci.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports a layer's bytes as they stream: on the first chunk, then at most every {@value #INTERVAL_NANOS} ns, so
 * events stay few.
 */
final class ProgressInputStream extends FilterInputStream {

    private static final long INTERVAL_NANOS = 250_000_000L;

    private final Descriptor layer;
    private final TransferListener listener;
    private long count;
    private long lastReport;

    ProgressInputStream(InputStream in, Descriptor layer, TransferListener listener) {
        super(in);
        this.layer = layer;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        count += n;
        long now = System.nanoTime();
        if (count == n || now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            listener.layer(layer, TransferListener.Phase.TRANSFERRING, count, null);
        }
    }
}
