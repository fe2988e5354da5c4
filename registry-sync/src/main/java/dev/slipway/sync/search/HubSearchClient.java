package dev.slipway.sync.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** {@code GET <search-url>/v1/search?q=<term>&n=<limit>} in Docker Hub's response format. */
final class HubSearchClient {

    /** Docker Hub's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HubAnswer(@JsonProperty("results") List<HubResult> results) { }

    /** One result as the Hub sends it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HubResult(@JsonProperty("name") String name, @JsonProperty("description") String description,
            @JsonProperty("star_count") int starCount, @JsonProperty("is_official") boolean official,
            @JsonProperty("is_automated") boolean automated) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    HubSearchClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** @throws IOException when the search API cannot be reached or answers something else than results */
    List<SearchResult> search(URI base, String term, int limit) throws IOException {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/v1/search?q="
                + URLEncoder.encode(term, StandardCharsets.UTF_8) + "&n=" + limit);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while searching " + uri.getHost(), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri.getHost() + " answered HTTP " + response.statusCode() + " to a search");
        }
        if (response.body().length > MAX_ANSWER_BYTES) {
            throw new IOException(uri.getHost() + " sent an oversized search answer");
        }
        HubAnswer answer = JSON.readValue(response.body(), HubAnswer.class);
        if (answer.results() == null) {
            return List.of();
        }
        return answer.results().stream().filter(r -> r.name() != null && !r.name().isBlank())
                .map(r -> new SearchResult(r.name(), r.description() == null ? "" : r.description(),
                        r.starCount(), r.official(), r.automated()))
                .toList();
    }
}
