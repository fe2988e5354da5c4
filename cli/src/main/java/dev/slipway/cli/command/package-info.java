/**
 * The verbs of {@code slip}, one class each, with docker's flags and output. Every verb extends
 * {@link dev.slipway.cli.command.Verb}, which gives it the gateway client, the terminal, and the wording of
 * gateway errors. {@code robot} and {@code repo} only group their verbs ({@code slip robot ls}); a nested verb
 * reaches the top command's {@code -H}/{@code --config} through {@link dev.slipway.cli.command.Verb#slip()}.
 */
package dev.slipway.cli.command;
