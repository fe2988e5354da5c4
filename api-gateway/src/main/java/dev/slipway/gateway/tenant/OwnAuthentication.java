package dev.slipway.gateway.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or class) that authenticates its callers itself, such as the registry token endpoint,
 * which takes Basic credentials and anonymous callers: {@link BearerAuthFilter} lets such requests through.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OwnAuthentication {
}
