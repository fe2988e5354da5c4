package dev.slipway.worker.dockerfile;

/** The network of a RUN step ({@code RUN --network=...}). */
public enum NetworkMode {
    /** Outbound access through a user-mode network stack; the host's loopback is unreachable. */
    DEFAULT,
    /** Loopback only. */
    NONE
}
