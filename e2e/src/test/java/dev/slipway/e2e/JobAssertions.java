package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.e2e.client.SseEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/** Checks on a job's whole event history (its SSE replay) shared by the crash tests. */
final class JobAssertions {

    private JobAssertions() {
    }

    /**
     * The replay is complete and each thing happened once: ids 1..N without gap, QUEUED first, exactly one
     * {@code job-started} (the job ran once), no producer event twice, SUCCEEDED last.
     */
    static void ranOnceAndSucceeded(String job, List<SseEvent> replay) {
        assertThat(replay).as("events of %s", job).extracting(SseEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, replay.size()).boxed().toList());
        assertThat(replay.get(0).name()).as("first event of %s: %s", job, replay).isEqualTo("job-queued");
        assertThat(replay.stream().filter(e -> e.name().equals("job-started")))
                .as("RUNNING transitions of %s: %s", job, replay).hasSize(1);
        assertThat(replay.get(replay.size() - 1).name()).as("last event of %s: %s", job, replay)
                .isEqualTo("job-succeeded");
        Set<String> producerEvents = new HashSet<>();
        for (SseEvent event : replay) {
            if (event.json().has("sequence")) {
                String key = event.json().path("attempt").asInt() + "/" + event.json().path("sequence").asLong();
                assertThat(producerEvents.add(key)).as("event %s of %s delivered twice: %s", key, job, replay)
                        .isTrue();
            }
        }
    }
}
