package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The job finished successfully.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param result kind-specific results, e.g. {@code containerId} of a run; possibly empty
 * @param imageDigest the manifest digest of the image produced or copied, or {@code null}
 * @param tags the references written, possibly empty
 */
@JsonTypeName("job-succeeded")
public record JobSucceeded(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        Map<String, String> result, Digest imageDigest, List<ImageReference> tags)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public JobSucceeded {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        result = result == null ? Map.of() : Map.copyOf(result);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public JobState resultingState() {
        return JobState.SUCCEEDED;
    }
}
