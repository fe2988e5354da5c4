/**
 * The build context as {@code docker build} sends it: the folder tarred client-side, without what
 * {@code .dockerignore} excludes ({@link dev.slipway.cli.context.ContextArchive}), or what stdin holds for
 * {@code build -} ({@link dev.slipway.cli.context.StdinContext}).
 */
package dev.slipway.cli.context;
