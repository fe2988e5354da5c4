package dev.slipway.gateway.job;

import dev.slipway.common.job.CommitSpec;
import dev.slipway.common.job.JobSpec;
import dev.slipway.common.job.PullSpec;
import dev.slipway.common.job.PushSpec;
import dev.slipway.common.job.RunSpec;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.api.JobRequests;
import dev.slipway.gateway.job.api.JobView;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.NamespacePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Turns request bodies into validated, authorised {@link JobSpec}s (parse once, at the edge) and submits them.
 */
@ApplicationScoped
public class JobSubmissions {

    private final JobService jobs;
    private final NamespacePolicy policy;

    JobSubmissions(JobService jobs, NamespacePolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
    }

    /**
     * {@code docker pull}: any user may pull into a system-owned repository or its own.
     *
     * @param ttl queue TTL, or null for the default
     */
    public JobView pull(Caller caller, JobRequests.Pull body, Duration ttl) {
        ImageReference image = reference(required(body, "image", body == null ? null : body.image()));
        policy.requireRead(caller, image.repository());
        boolean allTags = Boolean.TRUE.equals(body.allTags());
        return jobs.submit(caller, new PullSpec(image, allTags), List.of(allTags ? local(image.repository()) : local(image)), ttl);
    }

    /**
     * {@code docker push}: only from the caller's own namespace.
     *
     * @param ttl queue TTL, or null for the default
     */
    public JobView push(Caller caller, JobRequests.Push body, Duration ttl) {
        ImageReference image = reference(required(body, "image", body == null ? null : body.image()));
        if (body.tag() != null) {
            image = image.withTag(Tag.parse(body.tag()));
        } else if (!body.image().contains(":") && image.digest() == null) {
            image = new ImageReference(image.registry(), image.repository(), null, null); // every tag, as docker push -a
        }
        policy.requireWrite(caller, image.repository());
        String used = image.tag() == null ? local(image.repository()) : local(image);
        return jobs.submit(caller, new PushSpec(image), List.of(used), ttl);
    }

    /**
     * {@code docker run}: reads the image.
     *
     * @param ttl queue TTL, or null for the default
     */
    public JobView run(Caller caller, JobRequests.Run body, Duration ttl) {
        ImageReference image = reference(required(body, "image", body == null ? null : body.image()));
        policy.requireRead(caller, image.repository());
        return jobs.submit(caller, new RunSpec(image, body.cmd(), body.env(), body.workdir(), body.user()),
                List.of(local(image)), ttl);
    }

    /**
     * {@code docker commit}: writes into the caller's namespace.
     *
     * @param ttl queue TTL, or null for the default
     */
    public JobView commit(Caller caller, JobRequests.Commit body, Duration ttl) {
        String container = required(body, "container", body == null ? null : body.container());
        RepositoryName repository = RepositoryName.parse(required(body, "repository", body.repository()));
        Tag tag = body.tag() == null ? Tag.LATEST : Tag.parse(body.tag());
        policy.requireWrite(caller, repository);
        return jobs.submit(caller, new CommitSpec(container, repository, tag, body.message(), body.author()),
                List.of(repository.value() + ":" + tag.value()), ttl);
    }

    /**
     * @param reference an image reference as the user typed it
     * @return it parsed and normalised; a bare name without a namespace means Docker Hub's {@code library/}
     */
    public static ImageReference reference(String reference) {
        return ImageReference.parse(reference);
    }

    /** @return how jobs and the layer-store name an image: {@code repository:tag} (or {@code @digest}) */
    public static String local(ImageReference image) {
        if (image.tag() == null && image.digest() == null) {
            return image.repository().value();
        }
        return image.repository().value() + (image.tag() != null ? ":" + image.tag().value() : "@" + image.digest());
    }

    /** @return the repository alone: the job uses every tag */
    public static String local(RepositoryName repository) {
        return repository.value();
    }

    private static String required(Object body, String field, String value) {
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "a JSON body with \"" + field + "\" is required");
        }
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "\"" + field + "\" is required");
        }
        return value;
    }
}
