/**
 * Turns a job's event stream into what docker prints: the classic builder's {@code Step 3/5 : …} lines for builds,
 * per-layer progress for pull and push (redrawn in place on a terminal, one line per change when piped), and the
 * output of a run.
 */
package dev.slipway.cli.render;
