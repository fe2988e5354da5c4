package dev.slipway.gateway.tenant;

import dev.slipway.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * On first start (no administrator yet) creates user {@code admin} with a random token and writes the token to
 * {@code <data-dir>/admin-token} (mode 0600), so {@code slip} and curl work on this machine without set-up.
 */
@ApplicationScoped
class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String TOKEN_FILE = "admin-token";

    private final TenantService tenants;
    private final GatewayConfig config;

    AdminBootstrap(TenantService tenants, GatewayConfig config) {
        this.tenants = tenants;
        this.config = config;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (tenants.anyAdmin()) {
            return;
        }
        TenantService.IssuedToken issued = tenants.createBootstrapAdmin(new UserName("admin"));
        // Written before the transaction commits: if the file cannot be written, no admin without a token remains.
        Path file = writeToken(issued.token());
        LOG.infof("created administrator 'admin'; its API token is in %s", file);
    }

    private Path writeToken(String token) {
        try {
            Path dir = config.dataDir().toAbsolutePath();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".admin-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Path file = dir.resolve(TOKEN_FILE);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token under " + config.dataDir(), e);
        }
    }
}
