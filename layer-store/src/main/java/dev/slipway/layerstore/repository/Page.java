package dev.slipway.layerstore.repository;

import java.util.List;

/**
 * One page of a lexically ordered listing ({@code n}/{@code last} pagination of the distribution spec).
 *
 * @param items   the names on this page, in order
 * @param hasMore whether names follow the last one
 */
public record Page(List<String> items, boolean hasMore) {

    /** Copies the list. */
    public Page {
        items = List.copyOf(items);
    }

    /** @return the last name of the page, where the next page starts after */
    public String last() {
        return items.isEmpty() ? null : items.get(items.size() - 1);
    }
}
