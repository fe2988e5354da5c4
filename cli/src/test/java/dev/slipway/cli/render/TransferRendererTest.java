package dev.slipway.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.JobId;
import dev.slipway.common.job.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransferRendererTest {

    private static final JobId JOB = JobId.parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    private long sequence;

    private Progress progress(String id, String status, long current, long total) {
        return new Progress(JOB, 1, sequence++, Instant.EPOCH, id, status, current, total);
    }

    @Test
    void pipedOutputPrintsOneLinePerStatusChangeOnly() {
        StringWriter out = new StringWriter();
        TransferRenderer renderer = new TransferRenderer(new Terminal(new PrintWriter(out), new PrintWriter(new StringWriter()), false, false));
        renderer.accept(progress("b7de3133ff98", "Pulling fs layer", 0, 0));
        renderer.accept(progress("a3ed95caeb02", "Already exists", 0, 0));
        renderer.accept(progress("b7de3133ff98", "Downloading", 1_000_000, 30_400_000));
        renderer.accept(progress("b7de3133ff98", "Downloading", 12_100_000, 30_400_000));
        renderer.accept(progress("b7de3133ff98", "Download complete", 30_400_000, 30_400_000));
        renderer.accept(progress("b7de3133ff98", "Pull complete", 0, 0));
        renderer.accept(progress("", "Digest: sha256:abc", 0, 0));

        assertThat(out.toString()).isEqualTo(""
                + "b7de3133ff98: Pulling fs layer\n"
                + "a3ed95caeb02: Already exists\n"
                + "b7de3133ff98: Downloading\n"
                + "b7de3133ff98: Download complete\n"
                + "b7de3133ff98: Pull complete\n"
                + "Digest: sha256:abc\n");
        assertThat(renderer.nothingTransferred()).isFalse();
    }

    @Test
    void onATerminalEachLayerKeepsItsLineAndIsRedrawnInPlaceWithABar() {
        StringWriter out = new StringWriter();
        TransferRenderer renderer = new TransferRenderer(new Terminal(new PrintWriter(out), new PrintWriter(new StringWriter()), true, true));
        renderer.accept(progress("layer1", "Pulling fs layer", 0, 0));
        renderer.accept(progress("layer2", "Pulling fs layer", 0, 0));
        renderer.accept(progress("layer1", "Downloading", 15_200_000, 30_400_000));

        String bar = "[" + "=".repeat(25) + ">" + " ".repeat(25) + "] " + "  15.2MB/30.4MB";
        assertThat(out.toString()).isEqualTo("layer1: Pulling fs layer\nlayer2: Pulling fs layer\n"
                + "\u001b[2A\u001b[2K\rlayer1: Downloading " + bar + "\u001b[2B\r");
    }

    @Test
    void allLayersAlreadyPresentMeansNothingWasTransferred() {
        TransferRenderer renderer = new TransferRenderer(new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false));
        renderer.accept(progress("a", "Already exists", 0, 0));
        renderer.accept(progress("b", "Already exists", 0, 0));
        assertThat(renderer.nothingTransferred()).isTrue();
    }

    @Test
    void noColourWithoutATerminalOrWithNoColorSet() {
        PrintWriter w = new PrintWriter(new StringWriter());
        assertThat(Terminal.of(w, w, true, null).color()).isTrue();
        assertThat(Terminal.of(w, w, true, "1").color()).isFalse();
        assertThat(Terminal.of(w, w, true, "").color()).isTrue();
        assertThat(Terminal.of(w, w, false, null).color()).isFalse();
    }
}
