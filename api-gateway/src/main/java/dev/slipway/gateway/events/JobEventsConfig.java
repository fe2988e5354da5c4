package dev.slipway.gateway.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The gateway's consumption of {@code slipway.job-events} (prefix {@code gateway.job-events}); the broker is the
 * global {@code kafka.bootstrap.servers}. Every default is declared here and nowhere else.
 */
@ConfigMapping(prefix = "gateway.job-events")
public interface JobEventsConfig {

    /** The topic workers and registry-sync emit to ({@code dev.slipway.common.job.Topics.JOB_EVENTS}). */
    @WithDefault("slipway.job-events")
    String topic();

    /** The consumer group: one member per gateway instance, so each event is consumed once per farm. */
    @WithDefault("slipway-gateway")
    String group();

    /** Most records recorded in one database transaction. */
    @WithDefault("500")
    int maxBatch();

    /**
     * A gateway killed and restarted must get its partitions back well within {@code gateway.jobs.heartbeat-timeout}:
     * the group waits for the dead member's session to expire first (Kafka's default 45 s), and until then no heartbeat
     * is read and every running job looks silent to the watchdog.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Heartbeats to the group coordinator; a third of the session timeout. */
    @WithDefault("3s")
    Duration heartbeatInterval();

    /**
     * How long the broker holds a fetch that finds nothing new ({@code fetch.max.wait.ms}; the client's default is
     * 500 ms). A fetch is answered as soon as one record arrives ({@code fetch.min.bytes} 1), so a longer wait adds no
     * latency; it only turns an idle gateway's two empty fetches a second into one every few seconds, on both sides.
     * Must stay below the client's {@code request.timeout.ms} (30 s).
     */
    @WithDefault("5s")
    Duration fetchMaxWait();

    /** Pause before a batch that could not be recorded (database away) is tried again. */
    @WithDefault("1s")
    Duration retryBackoff();
}
