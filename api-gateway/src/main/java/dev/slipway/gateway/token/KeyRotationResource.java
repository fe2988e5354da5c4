package dev.slipway.gateway.token;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.tenant.CurrentCaller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;

/** {@code POST /api/v1/admin/token-keys/rotate}: an administrator replaces the token signing key. */
@Path("/api/v1/admin/token-keys")
public class KeyRotationResource {

    private final RegistryTokens tokens;
    private final CurrentCaller current;

    KeyRotationResource(RegistryTokens tokens, CurrentCaller current) {
        this.tokens = tokens;
        this.current = current;
    }

    /**
     * The keys after a rotation.
     *
     * @param kid       the new signing key's id
     * @param published every key in the JWKS, the signing key first
     */
    public record Rotated(String kid, List<String> published) {
    }

    /** @return the new signing key's id and the published keys (the previous one stays until its tokens expire) */
    @POST
    @Path("rotate")
    public Rotated rotate() {
        if (!current.get().admin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only administrators rotate the token signing keys");
        }
        String kid = tokens.rotate();
        return new Rotated(kid, tokens.publishedKids());
    }
}
