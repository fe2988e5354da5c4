package dev.slipway.gateway.tenant;

import dev.slipway.common.oci.RepositoryName;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may read and write which repository. A repository's namespace is its first path component: a user owns
 * the namespace of its own name; namespaces that are no user's ({@code library/*}, {@code training/*}, single-component
 * names) are system-owned, readable by all and writable only by admins (and registry-sync, which bypasses the gateway).
 * Repositories marked public ({@link RepositoryVisibility}) are readable by all as well.
 */
@ApplicationScoped
public class NamespacePolicy {

    private final TenantService tenants;
    private final RepositoryVisibility visibility;

    NamespacePolicy(TenantService tenants, RepositoryVisibility visibility) {
        this.tenants = tenants;
        this.visibility = visibility;
    }

    /**
     * @param caller     who asks
     * @param repository the repository path, e.g. {@code ouruser/sinatra}
     * @return whether the caller may see and pull it
     */
    public boolean canRead(Caller caller, String repository) {
        if (caller.admin()) {
            return true;
        }
        return isOwnOrSystem(caller, repository) || visibility.isPublic(repository);
    }

    private boolean isOwnOrSystem(Caller caller, String repository) {
        String namespace = namespaceOf(repository);
        return namespace == null || namespace.equals(caller.name()) || !tenants.isUserNamespace(namespace);
    }

    /**
     * @param namespace the first component of a repository name
     * @return whether it is system-owned: no user's namespace (mirrors such as {@code library/*})
     */
    public boolean isSystemNamespace(String namespace) {
        return !tenants.isUserNamespace(namespace);
    }

    /**
     * @param caller     who asks
     * @param repository the repository path
     * @return whether the caller may push, tag into or delete from it
     */
    public boolean canWrite(Caller caller, String repository) {
        return caller.admin() || caller.name().equals(namespaceOf(repository));
    }

    /** @throws ApiException {@code forbidden} unless {@link #canRead} */
    public void requireRead(Caller caller, RepositoryName repository) {
        if (!canRead(caller, repository.value())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "repository " + repository.value()
                    + " belongs to another user; " + caller.name() + " may not read it");
        }
    }

    /** @throws ApiException {@code forbidden} unless {@link #canWrite} */
    public void requireWrite(Caller caller, RepositoryName repository) {
        if (!canWrite(caller, repository.value())) {
            String namespace = namespaceOf(repository.value());
            String whose = namespace == null || !tenants.isUserNamespace(namespace)
                    ? "is system-owned (only admins and registry-sync write it)"
                    : "belongs to user " + namespace;
            throw new ApiException(ErrorCode.FORBIDDEN, "repository " + repository.value() + " " + whose
                    + "; " + caller.name() + " may write only into " + caller.name() + "/*");
        }
    }

    private static String namespaceOf(String repository) {
        int slash = repository.indexOf('/');
        return slash < 0 ? null : repository.substring(0, slash);
    }
}
