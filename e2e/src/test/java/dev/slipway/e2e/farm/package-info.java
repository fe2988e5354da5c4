/**
 * The {@link dev.slipway.e2e.farm.Farm} fixture: the whole Slipway farm as real child processes on free loopback
 * ports (its own Kafka broker, its own database, a loopback {@code docker-registry} as the upstream "Hub", and
 * layer-store, registry-sync, build-worker(s) and api-gateway from their packaged {@code quarkus-run.jar}).
 */
package dev.slipway.e2e.farm;
