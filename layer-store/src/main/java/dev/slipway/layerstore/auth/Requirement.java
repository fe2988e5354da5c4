package dev.slipway.layerstore.auth;

import java.util.Optional;

/**
 * What a {@code /v2} request needs from its token, and which scope a refusal tells the client to ask for. The two differ
 * for writes: they need {@code push}, but, as Distribution does, the challenge names {@code pull,push} so that the
 * client's token also covers the {@code HEAD} checks every push makes.
 *
 * @param needed     the access the request needs; empty when any valid token will do ({@code GET /v2/})
 * @param advertised the scope named in the challenge; empty for none
 */
public record Requirement(Optional<Scope> needed, Optional<Scope> advertised) {

    /** A valid token, whatever it grants. */
    public static final Requirement ANY_VALID_TOKEN = new Requirement(Optional.empty(), Optional.empty());

    /**
     * @param needed the access needed, also named in the challenge
     * @return the requirement
     */
    public static Requirement of(Scope needed) {
        return new Requirement(Optional.of(needed), Optional.of(needed));
    }

    /**
     * @param needed     the access needed
     * @param advertised the scope named in the challenge
     * @return the requirement
     */
    public static Requirement of(Scope needed, Scope advertised) {
        return new Requirement(Optional.of(needed), Optional.of(advertised));
    }
}
