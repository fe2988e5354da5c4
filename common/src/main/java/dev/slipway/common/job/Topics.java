package dev.slipway.common.job;

/**
 * Kafka topic names. Job records are keyed by job id string and carry {@link JobJson} bytes.
 *
 * <ul>
 *   <li>{@link #BUILD_JOBS}, {@link #SYNC_JOBS}: {@link JobRequest}s, one consumer group per service;</li>
 *   <li>{@link #JOB_EVENTS}: {@link JobEvent}s from workers, consumed by the gateway;</li>
 *   <li>{@link #JOB_CONTROL}: {@link JobControl} records (cancels) that every worker instance reads.</li>
 * </ul>
 */
public final class Topics {
    /** Build, run and commit jobs for build-workers. */
    public static final String BUILD_JOBS = "slipway.jobs.build";
    /** Pull and push jobs for registry-sync. */
    public static final String SYNC_JOBS = "slipway.jobs.sync";
    /** Every job event from every worker, keyed by job id so one job's events stay in order. */
    public static final String JOB_EVENTS = "slipway.job-events";
    /** Cancels; every worker instance reads all of it (one group per instance). */
    public static final String JOB_CONTROL = "slipway.job-control";

    private Topics() {
    }
}
