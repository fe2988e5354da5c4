package dev.slipway.gateway.tenant;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** Holds the {@link Caller} that {@link BearerAuthFilter} authenticated for this request. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** @return the authenticated caller; the filter guarantees there is one on every /api/v1 resource */
    public Caller get() {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "no bearer token");
        }
        return caller;
    }
}
