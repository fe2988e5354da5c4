package dev.slipway.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The terminal event of a job rebuilt from its {@link JobView}, for when the event stream ended without one this
 * client could read (e.g. a gateway-made event of a newer shape): commands then still learn how the job ended.
 */
final class JobOutcomes {

    private JobOutcomes() {
    }

    /**
     * @param job a job in a terminal state
     * @return its job-succeeded, job-failed or job-cancelled event
     */
    static JobEvent terminalEvent(JobView job) {
        Instant when = job.finishedAt() != null ? job.finishedAt() : Instant.now();
        JsonNode error = job.error() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : job.error();
        switch (job.state()) {
            case SUCCEEDED -> {
                return succeeded(job, when);
            }
            case CANCELLED -> {
                return new JobCancelled(job.id(), 1, 0, when, text(error, "message"));
            }
            default -> {
                String message = text(error, "message");
                return new JobFailed(job.id(), 1, 0, when, message == null ? "job " + job.id() + " failed" : message,
                        integer(error, "step"), integer(error, "line"), integer(error, "exitCode"));
            }
        }
    }

    private static JobSucceeded succeeded(JobView job, Instant when) {
        Map<String, String> result = new HashMap<>();
        Digest digest = null;
        List<ImageReference> tags = new ArrayList<>();
        JsonNode node = job.result();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isValueNode()) {
                    result.put(field.getKey(), field.getValue().asText());
                }
            }
            JsonNode imageDigest = node.path("imageDigest");
            if (imageDigest.isTextual()) {
                digest = Digest.parse(imageDigest.asText());
            }
            node.path("tags").forEach(tag -> tags.add(ImageReference.parse(tag.asText())));
        }
        return new JobSucceeded(job.id(), 1, 0, when, result, digest, tags);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.canConvertToInt() ? value.asInt() : null;
    }
}
