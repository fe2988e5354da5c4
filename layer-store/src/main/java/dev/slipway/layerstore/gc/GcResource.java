package dev.slipway.layerstore.gc;

import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** {@code POST /api/v1/gc}: runs a garbage collection now and reports what it freed. */
@Path("/api/v1/gc")
public class GcResource {

    private final GarbageCollector collector;

    GcResource(GarbageCollector collector) {
        this.collector = collector;
    }

    /**
     * @param gracePeriod an ISO-8601 duration overriding the configured grace period (e.g. {@code PT0S} to free
     *                    everything unreferenced now)
     * @return counts and bytes freed
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public GcReport run(@QueryParam("gracePeriod") String gracePeriod) {
        if (gracePeriod == null || gracePeriod.isBlank()) {
            return collector.collect();
        }
        Duration grace;
        try {
            grace = Duration.parse(gracePeriod);
        } catch (DateTimeParseException e) {
            throw new ApiProblemException(400, "INVALID_GRACE_PERIOD",
                    "gracePeriod must be an ISO-8601 duration such as PT1H, got " + gracePeriod);
        }
        if (grace.isNegative()) {
            throw new ApiProblemException(400, "INVALID_GRACE_PERIOD", "gracePeriod must not be negative");
        }
        return collector.collect(grace);
    }
}
