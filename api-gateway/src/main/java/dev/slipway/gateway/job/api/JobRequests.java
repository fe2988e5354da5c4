package dev.slipway.gateway.job.api;

import java.util.List;
import java.util.Map;

/** Bodies of the job-submitting calls, as clients send them (validated into {@code JobSpec}s by the gateway). */
public final class JobRequests {

    private JobRequests() {
    }

    /**
     * {@code POST /api/v1/pulls} — {@code docker pull}.
     *
     * @param image   reference, e.g. {@code centos} or {@code ubuntu:14.04}
     * @param allTags pull every tag of the repository
     */
    public record Pull(String image, Boolean allTags) {
    }

    /**
     * {@code POST /api/v1/pushes} — {@code docker push}.
     *
     * @param image reference, e.g. {@code ouruser/sinatra}
     * @param tag   the tag to push; absent means every tag
     */
    public record Push(String image, String tag) {
    }

    /**
     * {@code POST /api/v1/runs} — {@code docker run}.
     *
     * @param image   reference
     * @param cmd     command and arguments
     * @param env     extra environment
     * @param workdir working directory
     * @param user    user to run as
     */
    public record Run(String image, List<String> cmd, Map<String, String> env, String workdir, String user) {
    }

    /**
     * {@code POST /api/v1/commits} — {@code docker commit -m -a}.
     *
     * @param container the container id from a run job's events
     * @param repository target repository
     * @param tag       target tag (default latest)
     * @param message   commit message
     * @param author    author
     */
    public record Commit(String container, String repository, String tag, String message, String author) {
    }
}
