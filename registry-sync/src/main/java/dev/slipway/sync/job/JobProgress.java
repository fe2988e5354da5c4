package dev.slipway.sync.job;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.sync.transfer.TransferListener;

/**
 * Turns transfer callbacks into docker's per-layer status lines: {@code Pulling fs layer}, {@code Downloading} (with
 * current/total bytes), {@code Download complete}, {@code Already exists} for pulls; {@code Preparing},
 * {@code Pushing}, {@code Pushed}, {@code Layer already exists}, {@code Mounted from …} for pushes.
 */
final class JobProgress implements TransferListener {

    private final JobEvents events;
    private final boolean push;

    JobProgress(JobEvents events, boolean push) {
        this.events = events;
        this.push = push;
    }

    @Override
    public void layer(Descriptor layer, Phase phase, long current, RepositoryName from) {
        String status = switch (phase) {
            case QUEUED -> push ? "Preparing" : "Pulling fs layer";
            case TRANSFERRING -> push ? "Pushing" : "Downloading";
            case DONE -> push ? "Pushed" : "Download complete";
            case EXISTS -> push ? "Layer already exists" : "Already exists";
            case MOUNTED -> push ? "Mounted from " + from : "Already exists";
        };
        events.progress(layer.digest().shortId(), status, current, layer.size());
    }

    @Override
    public void warning(String message) {
        events.warning(message);
    }

    @Override
    public void status(String message) {
        events.line(message);
    }
}
