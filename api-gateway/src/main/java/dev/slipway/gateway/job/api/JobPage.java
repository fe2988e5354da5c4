package dev.slipway.gateway.job.api;

import java.util.List;

/**
 * One page of {@code GET /api/v1/jobs}, newest first.
 *
 * @param items the jobs
 * @param page  zero-based page index
 * @param size  page size
 * @param total jobs matching the filter
 */
public record JobPage(List<JobView> items, int page, int size, long total) {

    /** Defensive copy. */
    public JobPage {
        items = List.copyOf(items);
    }
}
