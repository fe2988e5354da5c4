package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Something that happened to a job, published by the worker running it on {@link Topics#JOB_EVENTS} (key: job
 * id). Every event carries the job, the attempt that produced it, the producer's per-attempt sequence number (from
 * 0, without gaps, so the gateway can drop duplicates) and when it happened. The gateway persists events and
 * assigns the job-wide sequence that SSE clients see as {@code id:}; {@link #type()} is their {@code event:} name
 * and the JSON {@code type} property.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(JobStarted.class),
    @JsonSubTypes.Type(Heartbeat.class),
    @JsonSubTypes.Type(StepStarted.class),
    @JsonSubTypes.Type(StepCached.class),
    @JsonSubTypes.Type(StepFinished.class),
    @JsonSubTypes.Type(LogChunk.class),
    @JsonSubTypes.Type(Progress.class),
    @JsonSubTypes.Type(Warning.class),
    @JsonSubTypes.Type(JobSucceeded.class),
    @JsonSubTypes.Type(JobFailed.class),
    @JsonSubTypes.Type(JobCancelled.class)
})
public sealed interface JobEvent
        permits JobStarted, Heartbeat, StepStarted, StepCached, StepFinished, LogChunk, Progress, Warning,
                JobSucceeded, JobFailed, JobCancelled {

    /** @return the job */
    JobId jobId();

    /** @return the attempt that produced the event, from 1 */
    int attempt();

    /** @return the producer's sequence number within the attempt, from 0 */
    long sequence();

    /** @return when it happened */
    Instant timestamp();

    /** @return the event type name, e.g. {@code step-started}: the JSON {@code type} and the SSE event name */
    @JsonIgnore
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** @return the job state this event moves the job to, or {@code null} if it does not change the state */
    @JsonIgnore
    default JobState resultingState() {
        return null;
    }

    /** Validation shared by every event's compact constructor. */
    static void check(JobId jobId, int attempt, long sequence, Instant timestamp) {
        if (jobId == null) {
            throw new IllegalArgumentException("job event jobId is missing");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("job event attempt must be at least 1, got " + attempt);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("job event sequence must not be negative, got " + sequence);
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("job event timestamp is missing");
        }
    }
}
