package dev.slipway.gateway.support;

import java.time.Duration;
import java.time.Instant;

/** Retries an assertion until it passes or the time is up (then its last failure is thrown). */
public final class Eventually {

    private Eventually() {
    }

    /** Runs {@code assertion} every 200 ms until it stops throwing, for at most {@code timeout}. */
    public static void within(Duration timeout, Runnable assertion) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
