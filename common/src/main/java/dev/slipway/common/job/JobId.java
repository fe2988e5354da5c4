package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a job, a UUID; also the Kafka record key of everything about the job. Serialised to JSON as the
 * UUID string.
 *
 * @param value the UUID
 */
public record JobId(UUID value) {

    /** @throws NullPointerException if {@code value} is null */
    public JobId {
        Objects.requireNonNull(value, "job id");
    }

    /** @return a new random job id */
    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /**
     * @param value a UUID string
     * @return the job id
     * @throws IllegalArgumentException if {@code value} is not a UUID
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static JobId parse(String value) {
        try {
            UUID uuid = UUID.fromString(Objects.requireNonNull(value, "job id"));
            // UUID.fromString accepts short forms such as "1-2-3-4-5"; only the canonical form is a job id
            if (!uuid.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException("not canonical");
            }
            return new JobId(uuid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid job id \"" + value + "\": must be a UUID", e);
        }
    }

    /** @return the UUID string */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
