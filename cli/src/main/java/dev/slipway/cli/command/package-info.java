/**
 * The verbs of {@code slip}, one class each, with docker's flags and output. Every verb extends
 * {@link dev.slipway.cli.command.Verb}, which gives it the gateway client, the terminal, and the wording of
 * gateway errors.
 */
package dev.slipway.cli.command;
