package dev.slipway.layerstore.auth;

import dev.slipway.layerstore.error.ErrorCode;
import java.util.Optional;

/** The answer of {@link RegistryAuth} for one request. */
public sealed interface Verdict permits Verdict.Allowed, Verdict.Refused, Verdict.KeysNeeded {

    /**
     * The request may go on.
     *
     * @param access what its caller may do
     */
    record Allowed(Access access) implements Verdict {
    }

    /**
     * The request is refused before anything is looked up.
     *
     * @param code      {@code UNAUTHORIZED} (401: no or bad token) or {@code DENIED} (403: the token lacks the action)
     * @param message   the explanation for the error body
     * @param challenge the {@code WWW-Authenticate} value (always with 401)
     * @param scope     the scope the request needed, for the error detail
     */
    record Refused(ErrorCode code, String message, Optional<String> challenge, Optional<Scope> scope)
            implements Verdict {

        /** @return the HTTP status */
        public int status() {
            return code.status();
        }
    }

    /**
     * The token names a signing key not known yet and the key set may be fetched again: call
     * {@link RegistryAuth#checkFetchingKeys} off the event loop.
     */
    record KeysNeeded() implements Verdict {
    }
}
