package dev.slipway.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/tags/list} and {@code GET /v2/_catalog}, following {@code Link: <…>; rel="next"} pages.
 */
final class Lister {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int PAGE = 1000;
    private static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    private final Transport transport;

    Lister(Transport transport) {
        this.transport = transport;
    }

    /** Every tag of a repository; empty when the repository does not exist. */
    List<Tag> tags(RepositoryName repository) throws RegistryException {
        return list("/v2/" + repository + "/tags/list?n=" + PAGE, Scope.pull(repository), "tags", Tag::parse, true);
    }

    /** Every repository of the registry. */
    List<RepositoryName> catalog() throws RegistryException {
        return list("/v2/_catalog?n=" + PAGE, Scope.catalog(), "repositories", RepositoryName::parse, false);
    }

    private <T> List<T> list(String first, Scope scope, String field, Function<String, T> parse, boolean missingIsEmpty)
            throws RegistryException {
        String name = transport.endpoint().name();
        List<T> all = new ArrayList<>();
        URI next = transport.endpoint().resolve(first);
        while (next != null) {
            HttpResponse<InputStream> response = transport.send(Transport.Request.of("GET", next, scope));
            if (response.statusCode() == 404 && missingIsEmpty) {
                Transport.drain(response);
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw Responses.unexpected(name, "GET " + next.getRawPath(), response);
            }
            byte[] body = Responses.readSmall(name, response, MAX_PAGE_BYTES);
            try {
                for (JsonNode item : JSON.readTree(body).path(field)) {
                    try {
                        all.add(parse.apply(item.asText()));
                    } catch (IllegalArgumentException e) {
                        // a name this farm cannot store is skipped, not fatal for the whole listing
                    }
                }
            } catch (IOException e) {
                throw new RegistryException(name + " sent an unreadable " + field + " list", e);
            }
            next = nextPage(response).orElse(null);
        }
        return all;
    }

    private Optional<URI> nextPage(HttpResponse<?> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return Optional.of(response.uri().resolve(m.group(1)));
            }
        }
        return Optional.empty();
    }
}
