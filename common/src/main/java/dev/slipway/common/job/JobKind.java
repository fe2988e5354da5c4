package dev.slipway.common.job;

/** What a job does; each kind mirrors one docker verb. */
public enum JobKind {
    /** {@code docker build}: Dockerfile build on a build-worker. */
    BUILD,
    /** {@code docker pull}: copy from an upstream registry into the layer-store (registry-sync). */
    PULL,
    /** {@code docker push}: copy from the layer-store to an upstream registry (registry-sync). */
    PUSH,
    /** {@code docker run}: run a command in a container on a build-worker. */
    RUN,
    /** {@code docker commit}: turn a container's changes into an image on a build-worker. */
    COMMIT;

    /** @return the topic on which jobs of this kind are published */
    public String topic() {
        return this == PULL || this == PUSH ? Topics.SYNC_JOBS : Topics.BUILD_JOBS;
    }
}
