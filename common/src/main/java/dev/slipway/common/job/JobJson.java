package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON configuration for everything Slipway services exchange (Kafka records, and the same shapes in
 * REST bodies): ISO-8601 timestamps, unknown properties ignored on read (so producers can add fields), {@code null}
 * fields not written, map keys sorted (stable bytes). Kafka serialisers in the services wrap {@link
 * #write(Object)} and {@link #read(byte[], Class)};
 * Quarkus services apply {@link #configure(ObjectMapper)} in an {@code ObjectMapperCustomizer}. Thread-safe.
 */
public final class JobJson {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private JobJson() {
    }

    /**
     * Applies Slipway's JSON settings to a mapper.
     *
     * @param mapper the mapper to configure
     * @return {@code mapper}
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** @return a new mapper with Slipway's settings, free for the caller to extend */
    public static ObjectMapper newMapper() {
        return MAPPER.copy();
    }

    /**
     * @param value a record of the job schema (or any Jackson-serialisable value)
     * @return its UTF-8 JSON
     * @throws JobJsonException if it cannot be serialised
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new JobJsonException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param value a record of the job schema
     * @return its JSON as a string
     * @throws JobJsonException if it cannot be serialised
     */
    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JobJsonException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param json UTF-8 JSON
     * @param type the expected type, e.g. {@code JobEvent.class}
     * @param <T> the type
     * @return the value
     * @throws JobJsonException with a precise message if the JSON is malformed or does not fit {@code type}
     */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new JobJsonException("invalid " + type.getSimpleName() + " JSON: no content", null);
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new JobJsonException("invalid " + type.getSimpleName() + " JSON: null", null);
            }
            return value;
        } catch (ValueInstantiationException e) {
            // a compact constructor rejected a value: its message is the useful part
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new JobJsonException("invalid " + type.getSimpleName() + " JSON: " + cause.getMessage(), e);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new JobJsonException("invalid " + type.getSimpleName() + " JSON: " + detail, e);
        }
    }

    /**
     * @param json JSON text
     * @param type the expected type
     * @param <T> the type
     * @return the value
     * @throws JobJsonException with a precise message if the JSON is malformed or does not fit {@code type}
     */
    public static <T> T read(String json, Class<T> type) {
        return read(json == null ? null : json.getBytes(StandardCharsets.UTF_8), type);
    }
}
