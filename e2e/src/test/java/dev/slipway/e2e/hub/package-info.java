/**
 * The upstream "Docker Hub" content the tests need: busybox-based stand-ins for the tutorial's images, made by the
 * tests with umoci and pushed to the Hub stand-in with skopeo, and skopeo as the independent client that checks
 * what the farm pushed upstream.
 */
package dev.slipway.e2e.hub;
