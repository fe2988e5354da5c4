/**
 * {@code docker search}: {@code GET /api/v1/search?q=&limit=}, merging the upstream's Docker Hub-style
 * {@code /v1/search} answer with the repositories the farm holds.
 */
package dev.slipway.sync.search;
