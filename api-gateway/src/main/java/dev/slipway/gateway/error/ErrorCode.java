package dev.slipway.gateway.error;

/**
 * The stable {@code code} of every problem the gateway answers under {@code /api/v1}, with its HTTP status and title.
 * Clients branch on {@link #code()}; it never changes once published.
 */
public enum ErrorCode {
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    JOB_NOT_FOUND(404, "job-not-found", "No such job"),
    USER_NOT_FOUND(404, "user-not-found", "No such user"),
    IMAGE_NOT_FOUND(404, "image-not-found", "No such image"),
    NOT_FOUND(404, "not-found", "Not found"),
    INVALID_REFERENCE(400, "invalid-reference", "Invalid image reference"),
    INVALID_DIGEST(400, "invalid-digest", "Invalid digest"),
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    NOT_A_TAR(400, "not-a-tar", "Build context is not a tar archive"),
    CONTEXT_TOO_LARGE(413, "context-too-large", "Build context too large"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    JOB_FINISHED(409, "job-finished", "Job already finished"),
    IMAGE_IN_USE(409, "image-in-use", "Image is used by a job"),
    USER_EXISTS(409, "user-exists", "User already exists"),
    INVALID_SCOPE(400, "invalid-scope", "Invalid scope"),
    INVALID_SERVICE(400, "invalid-service", "Unknown service"),
    INVALID_ROBOT_NAME(400, "invalid-robot-name", "Invalid robot name"),
    INVALID_ROBOT_PATTERN(400, "invalid-robot-pattern", "Invalid robot repository pattern"),
    INVALID_ROBOT_ACTIONS(400, "invalid-robot-actions", "Invalid robot actions"),
    INVALID_ROBOT_EXPIRY(400, "invalid-robot-expiry", "Invalid robot expiry"),
    ROBOT_NAME_TAKEN(409, "robot-name-taken", "Robot name already taken"),
    ROBOT_NOT_FOUND(404, "robot-not-found", "No such robot"),
    DATABASE_UNAVAILABLE(503, "database-unavailable", "Database unavailable"),
    LAYER_STORE_UNAVAILABLE(503, "layer-store-unavailable", "Layer store unavailable"),
    SEARCH_UNAVAILABLE(503, "search-unavailable", "Search unavailable");

    private final int status;
    private final String code;
    private final String title;

    ErrorCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** @return the HTTP status answered */
    public int status() {
        return status;
    }

    /** @return the stable machine-readable code */
    public String code() {
        return code;
    }

    /** @return a short human summary, the same for every occurrence */
    public String title() {
        return title;
    }
}
