/**
 * The vocabulary of registry access shared by robots and the token service: the actions a token may grant
 * ({@link dev.slipway.gateway.access.Action}), repository glob patterns
 * ({@link dev.slipway.gateway.access.RepositoryPattern}) and the scopes clients ask for
 * ({@link dev.slipway.gateway.access.Scope}).
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">Docker token scope grammar</a>
 */
package dev.slipway.gateway.access;
