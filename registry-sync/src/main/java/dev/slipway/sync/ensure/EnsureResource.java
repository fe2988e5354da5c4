package dev.slipway.sync.ensure;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.sync.api.InvalidRequestException;
import dev.slipway.sync.pull.PullResult;
import dev.slipway.sync.pull.PullService;
import dev.slipway.sync.transfer.SyncFailure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /internal/v1/ensure {"image":"centos:7"}}: answers once the image is in the layer-store, with where and
 * at which digest. Concurrent requests for one image share one pull, and concurrent pulls share blob fetches.
 */
@Path("/internal/v1/ensure")
public class EnsureResource {

    /** The request body. */
    public record EnsureRequest(String image) { }

    /**
     * The answer.
     *
     * @param image the normalised upstream reference
     * @param repository the layer-store repository that holds it
     * @param digest the manifest (or index) digest to pull from the layer-store
     * @param outcome {@code DOWNLOADED}, {@code UP_TO_DATE} or {@code STALE}
     * @param mirroredAt when it was mirrored, if known
     */
    public record EnsureResponse(String image, String repository, String digest, String outcome, String mirroredAt) { }

    private final PullService pulls;

    EnsureResource(PullService pulls) {
        this.pulls = pulls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EnsureResponse ensure(EnsureRequest request) throws SyncFailure {
        if (request == null || request.image() == null || request.image().isBlank()) {
            throw new InvalidRequestException("invalid-request", "the body must be {\"image\": \"<reference>\"}");
        }
        PullResult r = pulls.ensure(ImageReference.parse(request.image().trim()));
        return new EnsureResponse(r.image().toString(), r.repository().value(), r.digest().toString(),
                r.outcome().name(), r.mirroredAt() == null ? null : r.mirroredAt().toString());
    }
}
