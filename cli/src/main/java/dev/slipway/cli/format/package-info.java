/**
 * Human formatting the way the docker CLI prints things: sizes and ages (go-units), 12-character ids, column
 * tables (Go's tabwriter as docker configures it), truncation with an ellipsis, and {@code --format} templates.
 */
package dev.slipway.cli.format;
