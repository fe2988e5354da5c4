/**
 * The build context as {@code docker build} sends it: the folder tarred client-side, without what
 * {@code .dockerignore} excludes.
 */
package dev.slipway.cli.context;
