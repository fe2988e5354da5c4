package dev.slipway.sync.search;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.sync.config.SyncConfig;
import dev.slipway.sync.upstream.Registries;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers {@code docker search}: Docker Hub's results (in the Hub's order) followed by the repositories the farm holds
 * (mirrored or built here) whose name contains the term, each name once. When the Hub's search API is not configured
 * or does not answer, the upstream registry's catalog stands in for it (a plain v2 registry in the Hub's place has
 * one); the farm's own repositories are listed in any case.
 */
@ApplicationScoped
public class SearchService {

    /** The answer and what could not be asked. */
    public record Answer(List<SearchResult> results, List<String> warnings) { }

    /** Repositories that hold the farm's internals (build contexts, cache), never shown. */
    private static final String INTERNAL_PREFIX = "slipway-internal/";
    private static final Logger LOG = Logger.getLogger(SearchService.class);

    private final Registries registries;
    private final HubSearchClient hub;

    SearchService(Registries registries, SyncConfig config) {
        this.registries = registries;
        this.hub = new HubSearchClient(registries.http(), config.retry().requestTimeout());
    }

    /** Searches for {@code term}, at most {@code limit} results. */
    public Answer search(String term, int limit) {
        Map<String, SearchResult> merged = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Optional<URI> searchUrl = registries.searchUrl(ImageReference.DOCKER_HUB);
        boolean searched = false;
        if (searchUrl.isPresent()) {
            try {
                for (SearchResult r : hub.search(searchUrl.get(), term, limit)) {
                    merged.putIfAbsent(r.name(), r);
                }
                searched = true;
            } catch (IOException e) {
                LOG.warnf("upstream search failed: %s", describe(e));
                warnings.add("upstream search unavailable: " + describe(e));
            }
        }
        if (!searched) {
            // No search API (a plain v2 registry standing in for the Hub, or the Hub's search down): the registry's
            // own catalog, where it has one, still names what it holds.
            try {
                upstreamCatalog(term).forEach(r -> merged.putIfAbsent(r.name(), r));
            } catch (RegistryException e) {
                LOG.debugf("upstream catalog not available either: %s", e.getMessage());
            }
        }
        try {
            String needle = term.toLowerCase(Locale.ROOT);
            registries.layerStore().catalog().stream()
                    .map(RepositoryName::value)
                    .filter(name -> !name.startsWith(INTERNAL_PREFIX))
                    .map(SearchService::familiar)
                    .filter(name -> name.contains(needle))
                    .sorted()
                    .forEach(name -> merged.putIfAbsent(name, new SearchResult(name, "", 0, false, false)));
        } catch (RegistryException e) {
            LOG.warnf("layer-store catalog failed: %s", e.getMessage());
            warnings.add("layer-store catalog unavailable: " + e.getMessage());
        }
        return new Answer(merged.values().stream().limit(limit).toList(), List.copyOf(warnings));
    }

    private List<SearchResult> upstreamCatalog(String term) throws RegistryException {
        String needle = term.toLowerCase(Locale.ROOT);
        return registries.upstream(ImageReference.DOCKER_HUB).catalog().stream()
                .map(RepositoryName::value)
                .map(SearchService::familiar)
                .filter(name -> name.contains(needle))
                .sorted()
                .map(name -> new SearchResult(name, "", 0, false, false))
                .toList();
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    // the way docker names Hub repositories: library/centos is "centos"
    private static String familiar(String repository) {
        return repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                ? repository.substring("library/".length()) : repository;
    }
}
