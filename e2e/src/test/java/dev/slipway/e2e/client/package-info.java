/**
 * What the end-to-end tests talk to the farm with, as a user would: the gateway's HTTP API ({@link
 * dev.slipway.e2e.client.Api}), its Server-Sent-Events streams ({@link dev.slipway.e2e.client.EventStream}) and the
 * {@code slip} command line ({@link dev.slipway.e2e.client.Slip}).
 */
package dev.slipway.e2e.client;
