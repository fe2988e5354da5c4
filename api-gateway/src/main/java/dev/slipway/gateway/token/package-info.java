/**
 * The registry token service of Docker's token flow: {@code GET /api/v1/token} authenticates a user (API token), a
 * robot or nobody, grants the subset of the asked scopes the caller has and answers a short-lived RS256 JWT that the
 * layer-store verifies against {@code GET /api/v1/token/keys}. {@link dev.slipway.gateway.token.RegistryTokens} is
 * the facade other packages use (the gateway's own layer-store calls sign their tokens through it).
 *
 * <pre>
 * &lt;key-dir&gt;/                     gateway.auth.key-dir, default $SLIPWAY_DATA/gateway/token-keys
 * ├── current                     the kid of the signing key
 * ├── &lt;kid&gt;.der                   an RSA-2048 private key, PKCS#8 DER, mode 0600
 * └── &lt;kid&gt;.retired               when that key stopped signing (ISO-8601); it stays in the JWKS one token lifetime more
 * </pre>
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker registry token authentication</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/jwt/">Token authentication implementation</a>
 */
package dev.slipway.gateway.token;
