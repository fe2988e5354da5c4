package dev.slipway.cli.command;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import java.util.ArrayList;
import java.util.List;

/** Builds an SSE transcript the way the gateway sends job events. */
final class Events {

    private final List<JobEvent> events = new ArrayList<>();
    private final int firstId;

    Events() {
        this(1);
    }

    /** @param firstId the SSE id of the first event (a resumed stream goes on where it stopped) */
    Events(int firstId) {
        this.firstId = firstId;
    }

    Events add(JobEvent event) {
        events.add(event);
        return this;
    }

    String sse() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JobEvent event = events.get(i);
            text.append("id: ").append(firstId + i).append('\n').append("event: ").append(event.type()).append('\n')
                    .append("data: ").append(JobJson.writeString(event)).append("\n\n");
        }
        return text.toString();
    }
}
