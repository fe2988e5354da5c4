package dev.slipway.e2e.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One answer of the gateway.
 *
 * @param status      HTTP status
 * @param contentType its Content-Type ("" when none)
 * @param body        the body as text
 */
public record ApiResponse(int status, String contentType, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return the body parsed as JSON */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON (" + status + " " + contentType + "): " + body, e);
        }
    }

    /**
     * @param expected the status the caller needs
     * @return this answer
     * @throws AssertionError naming the status and body otherwise
     */
    public ApiResponse expect(int expected) {
        if (status != expected) {
            throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
        }
        return this;
    }

    /** @return the problem+json {@code code} of an error answer */
    public String problemCode() {
        if (!contentType.startsWith("application/problem+json")) {
            throw new AssertionError("not problem+json (" + status + " " + contentType + "): " + body);
        }
        return json().path("code").asText();
    }
}
