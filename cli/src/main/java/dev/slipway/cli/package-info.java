/**
 * {@code slip}: docker-shaped verbs over the Slipway gateway's HTTP API. {@link dev.slipway.cli.SlipCommand} is the
 * top command and owns where the gateway is; the verbs live in {@code command}; how errors become one line and a
 * docker-like exit code is decided in {@link dev.slipway.cli.CommandLineSetup}.
 */
package dev.slipway.cli;
