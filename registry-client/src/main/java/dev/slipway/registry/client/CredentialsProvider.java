package dev.slipway.registry.client;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Supplies the login for a registry each time one is needed (a token is fetched, or an HTTP Basic header is built), so
 * a secret that changes or appears after start-up is picked up without a new client. Implementations must be
 * thread-safe.
 */
public interface CredentialsProvider {

    /** No login: anonymous access only. */
    CredentialsProvider ANONYMOUS = new CredentialsProvider() {
        @Override
        public Optional<Credentials> credentials() {
            return Optional.empty();
        }

        @Override
        public Optional<String> username() {
            return Optional.empty();
        }
    };

    /**
     * The login to use now.
     *
     * @return the credentials, or empty for anonymous access
     * @throws RegistryUnauthorizedException if a login is configured but cannot be read (e.g. its password file does
     *     not exist yet)
     */
    Optional<Credentials> credentials() throws RegistryUnauthorizedException;

    /** The configured user name, for messages; never reads a secret. Empty when anonymous. */
    Optional<String> username();

    /** A fixed login; {@code null} means anonymous. */
    static CredentialsProvider fixed(Credentials login) {
        if (login == null) {
            return ANONYMOUS;
        }
        return new CredentialsProvider() {
            @Override
            public Optional<Credentials> credentials() {
                return Optional.of(login);
            }

            @Override
            public Optional<String> username() {
                return Optional.of(login.username());
            }

            @Override
            public String toString() {
                return login.toString();
            }
        };
    }

    /**
     * A user whose password (or token) is the content of a file, read each time it is needed: a robot token written by
     * the api-gateway after this service started is used as soon as it exists. Surrounding whitespace (the trailing
     * newline of {@code echo > file}) is not part of the password.
     *
     * @param username the user or robot name ({@code robot$build-worker})
     * @param passwordFile the file holding the password or token
     */
    static CredentialsProvider passwordFile(String username, Path passwordFile) {
        return new PasswordFile(username, passwordFile);
    }
}
