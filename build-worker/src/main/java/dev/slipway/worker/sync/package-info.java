/** Pull-through: asking registry-sync to bring a base image the layer-store lacks. */
package dev.slipway.worker.sync;
