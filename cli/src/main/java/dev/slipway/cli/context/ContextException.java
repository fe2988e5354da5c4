package dev.slipway.cli.context;

import java.io.IOException;

/** The build context cannot be prepared: the folder or Dockerfile is missing, or {@code .dockerignore} is malformed. */
public final class ContextException extends IOException {

    ContextException(String message) {
        super(message);
    }
}
