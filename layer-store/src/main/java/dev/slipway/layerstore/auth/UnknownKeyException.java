package dev.slipway.layerstore.auth;

/** A token signed with a key id the registry does not know (yet): the issuer may have rotated its key. */
class UnknownKeyException extends InvalidTokenException {

    /** @param kid the key id the token names */
    UnknownKeyException(String kid) {
        super("the token is signed with an unknown key " + kid);
    }
}
