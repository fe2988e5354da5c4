package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.StepStarted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The event document the consumer stores for non-terminal events is serialised straight from the record and gets
 * {@code state}/{@code seq} appended as text; it must be byte for byte what the JSON-tree path gives (what SSE clients
 * saw before), for every kind of event.
 */
class EventDocumentTest {

    private static final JobId JOB = JobId.parse(UUID.randomUUID().toString());
    private static final Instant AT = Instant.parse("2026-11-28T16:00:00.123456Z");

    @Test
    void theTextPathGivesTheDocumentOfTheTreePath() {
        List<JobEvent> events = List.of(
                new JobStarted(JOB, 2, 0, AT, "worker-1"),
                new LogChunk(JOB, 1, 7, AT, LogChunk.Stream.STDERR, "a \"quoted\" line\n{not json}\n", 3),
                new LogChunk(JOB, 1, 8, AT, LogChunk.Stream.STDOUT, "no step", null),
                new StepStarted(JOB, 1, 9, AT, 2, 5, "RUN echo }"));
        for (JobEvent event : events) {
            ObjectNode tree = EventLog.JSON.valueToTree(event);
            tree.put("type", event.type());
            tree.put("state", "RUNNING");
            tree.put("seq", 42L);
            String text = EventLog.withField(EventLog.withField(JobJson.writeString(event), "state", "\"RUNNING\""),
                    "seq", "42");
            assertThat(text).isEqualTo(tree.toString());
        }
    }

    @Test
    void aFieldIsAddedToAnEmptyObjectAndNothingElseIsAccepted() {
        assertThat(EventLog.withField("{ }", "seq", "1")).isEqualTo("{ \"seq\":1}");
        assertThatThrownBy(() -> EventLog.withField("[1]", "seq", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
