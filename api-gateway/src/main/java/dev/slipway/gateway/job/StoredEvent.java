package dev.slipway.gateway.job;

import java.util.UUID;

/**
 * An event as persisted and as streamed: SSE {@code id:} is {@link #seq}, {@code event:} is {@link #type},
 * {@code data:} is {@link #data}.
 *
 * @param jobId    the job
 * @param seq      job-wide sequence, dense from 1
 * @param type     event type ({@code job-queued}, {@code job-started}, {@code step-started}, {@code log} …)
 * @param data     the JSON document
 * @param terminal whether the job ended with this event (streams close after it)
 */
public record StoredEvent(UUID jobId, long seq, String type, String data, boolean terminal) {
}
