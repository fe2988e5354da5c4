package dev.slipway.sync.pull;

import dev.slipway.common.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which images of an index to keep: all of them when no platform is configured, else those whose os and architecture
 * (and variant, when the configured platform names one) match a configured platform.
 */
final class PlatformFilter {

    private PlatformFilter() { }

    static Predicate<Platform> of(List<String> configured) {
        if (configured.isEmpty()) {
            return p -> true;
        }
        List<Platform> wanted = configured.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Platform::parse).toList();
        return p -> p != null && wanted.stream().anyMatch(w -> w.os().equals(p.os())
                && w.architecture().equals(p.architecture())
                && (w.variant() == null || Objects.equals(w.variant(), p.variant())));
    }
}
