/**
 * HTTP error answers of registry-sync: {@code application/problem+json} with a stable {@code code}, one mapper per
 * exception type.
 */
package dev.slipway.sync.api;
