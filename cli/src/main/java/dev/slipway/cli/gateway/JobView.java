package dev.slipway.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobState;
import java.time.Instant;

/**
 * A job as the gateway shows it ({@code 202} answers of submissions, {@code GET /api/v1/jobs[/{id}]}).
 *
 * @param id the job
 * @param kind BUILD, PULL, PUSH, RUN or COMMIT
 * @param state its state
 * @param owner the submitting user
 * @param createdAt acceptance time
 * @param startedAt when the current attempt started, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param spec what was asked
 * @param result the success payload, or {@code null}
 * @param error the failure, or {@code null}
 */
public record JobView(JobId id, JobKind kind, JobState state, String owner, Instant createdAt, Instant startedAt,
        Instant finishedAt, JsonNode spec, JsonNode result, JsonNode error) {
}
