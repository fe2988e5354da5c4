package dev.slipway.layerstore.auth;

/** A bearer token that is malformed, badly signed, expired or meant for someone else. */
class InvalidTokenException extends Exception {

    /** @param message what is wrong with the token */
    InvalidTokenException(String message) {
        super(message);
    }
}
