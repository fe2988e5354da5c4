package dev.slipway.cli.gateway;

/** The gateway answered a request with an error (a problem+json document, or a bare HTTP error status). */
public final class GatewayException extends RuntimeException {

    private final Problem problem;

    GatewayException(Problem problem) {
        super(problem.message());
        this.problem = problem;
    }

    /** @return the problem the gateway answered */
    public Problem problem() {
        return problem;
    }

    /** @return the HTTP status */
    public int status() {
        return problem.status();
    }

    /** @return the stable code, or {@code ""} when the answer was not problem+json */
    public String code() {
        return problem.code() == null ? "" : problem.code();
    }
}
