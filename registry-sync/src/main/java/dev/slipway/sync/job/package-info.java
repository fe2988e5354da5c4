/**
 * Pull and push jobs from Kafka ({@code slipway.jobs.sync}, group {@code slipway-registry-sync}): acknowledged on
 * pickup, run on a bounded pool, with a heartbeat while they run and every state change and layer progress published
 * to {@code slipway.job-events}.
 */
package dev.slipway.sync.job;
