package dev.slipway.e2e.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Server-Sent Event of a job's stream.
 *
 * @param id   its {@code id:} (the job-wide event sequence)
 * @param name its {@code event:} (the event type)
 * @param data its {@code data:}
 */
public record SseEvent(long id, String name, String data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return the data parsed as JSON */
    public JsonNode json() {
        try {
            return JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + id + " (" + name + ") data is not JSON: " + data, e);
        }
    }
}
