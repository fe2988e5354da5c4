package dev.slipway.registry.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A login whose password is read from a file on every use (see {@link CredentialsProvider#passwordFile}).
 *
 * @param user the user name
 * @param file the file holding the password
 */
record PasswordFile(String user, Path file) implements CredentialsProvider {

    /** The file may not be a secret store of unbounded size. */
    private static final long MAX_BYTES = 64 * 1024;

    PasswordFile {
        Objects.requireNonNull(file, "file");
        // validates the user name now, so a bad configuration fails at start-up rather than at the first token
        new Credentials(user, "-");
    }

    @Override
    public Optional<Credentials> credentials() throws RegistryUnauthorizedException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new RegistryUnauthorizedException("the password file " + file + " of user " + user
                        + " is larger than " + MAX_BYTES + " bytes");
            }
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new RegistryUnauthorizedException("the password file " + file + " of user " + user + " is empty");
            }
            return Optional.of(new Credentials(user, password));
        } catch (NoSuchFileException e) {
            throw new RegistryUnauthorizedException("the password file " + file + " of user " + user
                    + " does not exist (yet)");
        } catch (IOException e) {
            throw new RegistryUnauthorizedException("cannot read the password file " + file + " of user " + user
                    + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<String> username() {
        return Optional.of(user);
    }

    /** Names the file, never its content. */
    @Override
    public String toString() {
        return "PasswordFile[user=" + user + ", file=" + file + "]";
    }
}
