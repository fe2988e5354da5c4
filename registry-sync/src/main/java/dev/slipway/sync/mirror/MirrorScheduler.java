package dev.slipway.sync.mirror;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.sync.pull.PullService;
import dev.slipway.sync.transfer.SyncFailure;
import dev.slipway.sync.transfer.TransferListener;
import dev.slipway.sync.upstream.Registries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs due mirror rules: lists the upstream repository's tags, keeps those the pattern matches, and pulls each. A
 * pull compares the upstream digest ({@code HEAD}) with the one mirrored last time, so unchanged tags cost one
 * {@code HEAD} and move no bytes.
 */
@ApplicationScoped
public class MirrorScheduler {

    private static final Logger LOG = Logger.getLogger(MirrorScheduler.class);

    private final MirrorService rules;
    private final PullService pulls;
    private final Registries registries;

    MirrorScheduler(MirrorService rules, PullService pulls, Registries registries) {
        this.rules = rules;
        this.pulls = pulls;
        this.registries = registries;
    }

    @Scheduled(every = "${sync.mirror.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "mirror-rules")
    void tick() {
        for (MirrorRule rule : rules.claimDue(Instant.now())) {
            rules.finished(rule.id(), Instant.now(), run(rule));
        }
    }

    /** One run of a rule; the errors of all its tags, if any. */
    Optional<String> run(MirrorRule rule) {
        ImageReference repository = ImageReference.parse(rule.repository());
        Pattern pattern = Pattern.compile(rule.tagPattern());
        List<Tag> tags;
        try {
            tags = registries.upstream(repository).listTags(repository.repository());
        } catch (RegistryException | IllegalArgumentException e) {
            LOG.warnf("mirror %s: cannot list tags: %s", rule.repository(), e.getMessage());
            return Optional.of("cannot list tags: " + e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        for (Tag tag : tags) {
            if (!pattern.matcher(tag.value()).matches()) {
                continue;
            }
            try {
                pulls.pull(repository.withTag(tag), TransferListener.NONE);
            } catch (SyncFailure f) {
                LOG.warnf("mirror %s:%s failed: %s", rule.repository(), tag, f.getMessage());
                errors.add(tag + ": " + f.getMessage());
            }
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
    }
}
