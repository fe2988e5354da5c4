package dev.slipway.layerstore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Reads /api/v1 request bodies, so that a body that is missing, not JSON, or JSON of the wrong shape is answered
 * {@code 400 INVALID_JSON} as problem+json rather than a bare 400.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper json;

    JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param body the raw body
     * @param type the record to read
     * @param <T>  its type
     * @return the body as {@code type}
     * @throws ApiProblemException {@code INVALID_JSON}
     */
    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ApiProblemException(400, "INVALID_JSON", "a JSON body is required");
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ApiProblemException(400, "INVALID_JSON",
                    "the request body is not valid JSON for this call: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiProblemException(400, "INVALID_JSON", "the request body cannot be read: " + e.getMessage());
        }
    }
}
