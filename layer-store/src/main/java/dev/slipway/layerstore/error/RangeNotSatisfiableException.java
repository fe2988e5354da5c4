package dev.slipway.layerstore.error;

import java.util.UUID;

/**
 * A chunk that does not continue an upload where it stands (out of order, or a malformed {@code Content-Range}).
 * Answered {@code 416} with the session's {@code Location} and current {@code Range}, so the client can resume.
 */
public class RangeNotSatisfiableException extends RuntimeException {

    private final String repository;
    private final UUID session;
    private final long received;

    /**
     * @param repository the repository of the upload
     * @param session    the upload session
     * @param received   bytes accepted so far
     * @param why        what was wrong with the chunk
     */
    public RangeNotSatisfiableException(String repository, UUID session, long received, String why) {
        super(why);
        this.repository = repository;
        this.session = session;
        this.received = received;
    }

    /** @return the repository of the upload */
    public String repository() {
        return repository;
    }

    /** @return the upload session */
    public UUID session() {
        return session;
    }

    /** @return bytes accepted so far */
    public long received() {
        return received;
    }
}
