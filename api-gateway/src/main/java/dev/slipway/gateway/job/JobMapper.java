package dev.slipway.gateway.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.gateway.job.api.JobView;

/** Translates job rows into API records. */
final class JobMapper {

    private static final String BASE = "/api/v1/jobs/";

    private JobMapper() {
    }

    static JobView toView(Job job) {
        String self = BASE + job.id;
        return new JobView(job.id.toString(), job.kind, job.state, job.owner, job.attempt, job.createdAt,
                job.startedAt, job.finishedAt, tree(job.spec), tree(job.result), tree(job.error),
                new JobView.Links(self, self + "/events", self + "/logs"));
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EventLog.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
