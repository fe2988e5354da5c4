package dev.slipway.gateway.job.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobState;
import java.time.Instant;

/**
 * A job as the API shows it.
 *
 * @param id         job id
 * @param kind       BUILD, PULL, PUSH, RUN or COMMIT
 * @param state      QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param owner      the submitting user
 * @param attempt    current attempt (grows when a silent worker's job is reassigned)
 * @param createdAt  acceptance time
 * @param startedAt  when the current attempt started running
 * @param finishedAt when the job ended
 * @param spec       what was asked
 * @param result     the success payload (image digest, tags …)
 * @param error      the failure (message, step, line, exitCode, or reason such as {@code expired})
 * @param links      URLs of the job, its event stream and its logs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, JobKind kind, JobState state, String owner, int attempt, Instant createdAt,
        Instant startedAt, Instant finishedAt, JsonNode spec, JsonNode result, JsonNode error, Links links) {

    /**
     * @param self   the job
     * @param events its SSE stream
     * @param logs   its plain-text log
     */
    public record Links(String self, String events, String logs) {
    }
}
