package dev.slipway.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Turns unexpected registry answers into exceptions whose message carries the OCI error code and message. */
final class Responses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private Responses() { }

    /** Reads and closes the body, and builds the exception for an unexpected status. */
    static RegistryException unexpected(String registry, String operation, HttpResponse<InputStream> response) {
        String detail = errorDetail(response);
        String message = registry + ": " + operation + " answered HTTP " + response.statusCode()
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        if (response.statusCode() == 404) {
            return new RegistryNotFoundException(message);
        }
        if (response.statusCode() == 403) {
            return new RegistryUnauthorizedException(message);
        }
        return new RegistryException(message);
    }

    /** {@code CODE: message} from an OCI error body, or the start of the body text. */
    static String errorDetail(HttpResponse<InputStream> response) {
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(bytes).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                return first.path("code").asText() + ": " + first.path("message").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** Reads a small body completely (manifests, tag lists), refusing anything larger than {@code max}. */
    static byte[] readSmall(String registry, HttpResponse<InputStream> response, int max) throws RegistryException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new RegistryException(registry + " sent a response larger than " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryUnavailableException(registry + ": connection dropped while reading a response", e);
        }
    }

    /** The URI a {@code Location} header points to, resolved against the request URI. */
    static URI location(String registry, HttpResponse<?> response) throws RegistryException {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new RegistryException(registry + " answered HTTP " + response.statusCode() + " without Location"));
        try {
            return response.uri().resolve(location);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry + " sent an invalid Location: " + location);
        }
    }
}
