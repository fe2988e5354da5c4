package dev.slipway.sync.mirror;

/**
 * The body of {@code POST /api/v1/mirrors}.
 *
 * @param repository an image repository without tag ({@code centos}, {@code quay.io/coreos/etcd})
 * @param tagPattern a regex over whole tags ({@code 7|7\..*}); {@code .*} when absent
 * @param interval how often to sync: ISO-8601 ({@code PT1H}) or {@code 30s}, {@code 10m}, {@code 6h}, {@code 1d}
 */
public record MirrorRuleRequest(String repository, String tagPattern, String interval) { }
