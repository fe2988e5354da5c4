package dev.slipway.cli.render;

import dev.slipway.cli.format.Ids;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.StepCached;
import dev.slipway.common.job.StepFinished;
import dev.slipway.common.job.StepStarted;
import dev.slipway.common.job.Warning;
import dev.slipway.common.oci.ImageReference;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * A build's events printed as docker's classic builder does:
 *
 * <pre>
 * Step 3/5 : RUN apt-get -qq update
 *  ---> Running in 6b9e3a2f1c0d
 * (the step's output)
 * Removing intermediate container 6b9e3a2f1c0d
 *  ---> 2fa8ca4e2a13
 * Step 4/5 : RUN gem install json
 *  ---> Using cache
 *  ---> 5e0d2a1b7c44
 * Successfully built 2fa8ca4e2a13
 * Successfully tagged ouruser/sinatra:v2
 * </pre>
 *
 * A step's container appears when the worker reports it (a {@code progress} event with status {@code Running in}
 * and the container id); the id after {@code --->} is the step's layer. Output keeps its own line breaks.
 */
public final class BuildRenderer implements Consumer<JobEvent> {

    /** The progress status a worker uses to say which container runs the current step. */
    public static final String RUNNING_IN = "Running in";
    /** The {@link JobSucceeded#result()} key of the built image's id (its config digest). */
    public static final String IMAGE_ID = "imageId";

    private final Terminal terminal;
    private final TransferRenderer transfers;
    private String container;
    private boolean atLineStart = true;

    /** @param terminal where to print */
    public BuildRenderer(Terminal terminal) {
        this.terminal = terminal;
        this.transfers = new TransferRenderer(terminal);
    }

    @Override
    public void accept(JobEvent event) {
        PrintWriter out = terminal.out();
        if (event instanceof StepStarted s) {
            line("Step " + s.step() + "/" + s.totalSteps() + " : " + s.instruction());
        } else if (event instanceof StepCached c) {
            line(" ---> Using cache");
            if (c.layer() != null) {
                line(" ---> " + c.layer().shortId());
            }
        } else if (event instanceof Progress p && RUNNING_IN.equals(p.status())) {
            container = Ids.shortId(p.id());
            line(" ---> Running in " + container);
        } else if (event instanceof Progress p) {
            endLine();
            transfers.accept(p);
        } else if (event instanceof LogChunk log) {
            out.print(log.text());
            atLineStart = log.text().isEmpty() ? atLineStart : log.text().endsWith("\n");
        } else if (event instanceof StepFinished f) {
            if (container != null) {
                line("Removing intermediate container " + container);
                container = null;
            }
            if (f.layer() != null) {
                line(" ---> " + f.layer().shortId());
            }
        } else if (event instanceof Warning w) {
            endLine();
            terminal.err().println("[WARNING]: " + w.message());
            terminal.err().flush();
        } else if (event instanceof JobSucceeded done) {
            succeeded(done);
        }
        // started, heartbeats, failure and cancellation: the command reports the outcome
        out.flush();
    }

    private void succeeded(JobSucceeded done) {
        String id = done.result().get(IMAGE_ID);
        if (id == null && done.imageDigest() != null) {
            id = done.imageDigest().toString();
        }
        if (id != null) {
            line("Successfully built " + Ids.shortId(id));
        }
        for (ImageReference tag : done.tags()) {
            line("Successfully tagged " + tag.familiar());
        }
    }

    private void line(String text) {
        endLine();
        terminal.out().println(text);
    }

    /** Output that did not end its last line must not swallow the next builder line. */
    private void endLine() {
        if (!atLineStart) {
            terminal.out().println();
            atLineStart = true;
        }
    }
}
