package dev.slipway.sync.mirror;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.sync.api.ConflictException;
import dev.slipway.sync.api.InvalidRequestException;
import dev.slipway.sync.api.MissingResourceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Creates, lists and deletes mirror rules; claims and records their runs. */
@ApplicationScoped
@Transactional
public class MirrorService {

    private final MirrorRuleRepository rules;

    MirrorService(MirrorRuleRepository rules) {
        this.rules = rules;
    }

    /**
     * Validates and stores a rule; it runs at once, then every interval.
     *
     * @throws InvalidRequestException when the repository, pattern or interval is invalid
     * @throws ConflictException when the same rule exists
     */
    public MirrorRule create(MirrorRuleRequest request) {
        if (request == null || request.repository() == null || request.repository().isBlank()) {
            throw new InvalidRequestException("invalid-request",
                    "the body must be {\"repository\": \"centos\", \"tagPattern\": \"7.*\", \"interval\": \"1h\"}");
        }
        ImageReference image = repository(request.repository().trim());
        String pattern = request.tagPattern() == null || request.tagPattern().isBlank() ? ".*" : request.tagPattern();
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidRequestException("invalid-tag-pattern", "invalid tagPattern: " + e.getDescription()
                    + " near index " + e.getIndex() + " of \"" + pattern + "\"");
        }
        Duration interval;
        try {
            interval = Intervals.parse(request.interval());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid-interval", e.getMessage());
        }
        if (rules.exists(image.registry(), image.repository().value(), pattern)) {
            throw new ConflictException("mirror-exists", "a mirror rule for " + image.name() + " with tagPattern \""
                    + pattern + "\" exists already");
        }
        MirrorRuleEntity e = new MirrorRuleEntity();
        e.id = UUID.randomUUID();
        e.registry = image.registry();
        e.repository = image.repository().value();
        e.tagPattern = pattern;
        e.intervalSeconds = interval.toSeconds();
        e.createdAt = Instant.now();
        e.nextRunAt = e.createdAt;
        rules.persist(e);
        return MirrorRule.of(e);
    }

    /** Every rule, oldest first. */
    public List<MirrorRule> list() {
        return rules.list("order by createdAt").stream().map(MirrorRule::of).toList();
    }

    /** One rule. */
    public MirrorRule get(UUID id) {
        return MirrorRule.of(find(id));
    }

    /** Deletes a rule; what it mirrored stays in the layer-store. */
    public void delete(UUID id) {
        rules.delete(find(id));
    }

    /** The rules due now, each claimed for this instance by moving its next run forward. */
    List<MirrorRule> claimDue(Instant now) {
        return rules.due(now).stream()
                .filter(e -> rules.claim(e.id, e.nextRunAt, now.plusSeconds(e.intervalSeconds)))
                .map(MirrorRule::of)
                .toList();
    }

    /** Records a finished run; a rule deleted meanwhile is simply gone. */
    void finished(UUID id, Instant at, Optional<String> error) {
        rules.update("lastRunAt = ?1, lastError = ?2 where id = ?3", at,
                error.map(m -> m.length() > 4000 ? m.substring(0, 4000) : m).orElse(null), id);
    }

    private MirrorRuleEntity find(UUID id) {
        MirrorRuleEntity e = rules.findById(id);
        if (e == null) {
            throw new MissingResourceException("mirror-not-found", "no mirror rule " + id);
        }
        return e;
    }

    private static ImageReference repository(String text) {
        int slash = text.lastIndexOf('/');
        if (text.indexOf('@') >= 0 || text.indexOf(':', slash + 1) >= 0) {
            throw new InvalidRequestException("invalid-reference", "repository \"" + text
                    + "\" must not carry a tag or digest: choose tags with tagPattern");
        }
        try {
            return ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw new InvalidRequestException("invalid-reference", e.getMessage());
        }
    }
}
