/**
 * The job schema exchanged over Kafka: {@link dev.slipway.common.job.JobRequest}s on the job topics,
 * {@link dev.slipway.common.job.JobEvent}s on {@code slipway.job-events}, {@link dev.slipway.common.job.JobControl}
 * on {@code slipway.job-control}, all as {@link dev.slipway.common.job.JobJson} bytes keyed by job id.
 */
package dev.slipway.common.job;
