package dev.slipway.common.job;

/**
 * A job to execute, published by the gateway on {@link JobKind#topic()} with the job id as key. A worker that
 * sees heartbeats stop for an attempt re-publishes it with a higher attempt number.
 *
 * @param jobId the job
 * @param kind the kind; must match the payload
 * @param attempt the attempt, from 1
 * @param owner the user that submitted the job
 * @param payload what to do
 */
public record JobRequest(JobId jobId, JobKind kind, int attempt, String owner, JobSpec payload) {

    /** @throws IllegalArgumentException if a field is missing or {@code kind} does not match the payload */
    public JobRequest {
        if (jobId == null) {
            throw new IllegalArgumentException("job request jobId is missing");
        }
        if (payload == null) {
            throw new IllegalArgumentException("job request payload is missing");
        }
        if (kind == null) {
            kind = payload.kind();
        } else if (kind != payload.kind()) {
            throw new IllegalArgumentException("job request kind " + kind + " does not match its "
                    + payload.kind() + " payload");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("job request attempt must be at least 1, got " + attempt);
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("job request owner is missing");
        }
    }

    /**
     * @return the same job as the next attempt
     */
    public JobRequest nextAttempt() {
        return new JobRequest(jobId, kind, attempt + 1, owner, payload);
    }
}
