/**
 * Pulling upstream images into the layer-store ({@code docker pull}, pull-through for workers, mirror rules): HEAD
 * before GET, layers copied by {@link dev.slipway.sync.transfer.ImageTransfer}, the tag set last, and the copy
 * mirrored earlier served (with a warning) when the upstream is down or rate limiting.
 */
package dev.slipway.sync.pull;
