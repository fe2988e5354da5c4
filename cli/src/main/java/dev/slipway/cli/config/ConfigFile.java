package dev.slipway.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code <config dir>/config.json}, what {@code slip login} saves: the gateway logged in to last and the credentials
 * per gateway, like docker's {@code auths}. Written atomically with mode 0600 because it holds secrets.
 *
 * <pre>{"current": "http://farm:8080", "auths": {"http://farm:8080": {"username": "ouruser", "token": "…"}}}</pre>
 */
public final class ConfigFile {

    static final String FILE_NAME = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** @param configDir the folder holding {@code config.json} */
    public ConfigFile(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    /** @return the file's path */
    public Path path() {
        return file;
    }

    /** @return the gateway of the last login, if any */
    public Optional<GatewayUrl> current() {
        JsonNode current = read().path("current");
        return current.isTextual() ? Optional.of(GatewayUrl.parse(current.asText())) : Optional.empty();
    }

    /**
     * @param url a gateway
     * @return the credentials saved for it, if any
     */
    public Optional<Credentials> credentials(GatewayUrl url) {
        JsonNode entry = read().path("auths").path(url.toString());
        JsonNode token = entry.path("token");
        if (!token.isTextual() || token.asText().isBlank()) {
            return Optional.empty();
        }
        JsonNode username = entry.path("username");
        try {
            return Optional.of(new Credentials(username.isTextual() ? username.asText() : null, token.asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds an invalid login for " + url + " (" + e.getMessage()
                    + "); run 'slip logout " + url + "' and log in again", e);
        }
    }

    /**
     * Saves a login and makes it the current gateway.
     *
     * @param url the gateway
     * @param credentials the user and its token
     * @throws UncheckedIOException if the file cannot be written
     */
    public void saveLogin(GatewayUrl url, Credentials credentials) {
        ObjectNode root = read();
        root.put("current", url.toString());
        ObjectNode entry = auths(root).putObject(url.toString());
        if (credentials.username() != null) {
            entry.put("username", credentials.username());
        }
        entry.put("token", credentials.token());
        write(root);
    }

    /**
     * Forgets the login for a gateway ({@code slip logout}); the current gateway too when it was that one.
     *
     * @param url the gateway
     * @return whether there was a login to forget
     * @throws UncheckedIOException if the file cannot be written
     */
    public boolean removeLogin(GatewayUrl url) {
        ObjectNode root = read();
        boolean removed = auths(root).remove(url.toString()) != null;
        boolean wasCurrent = url.toString().equals(root.path("current").asText(null));
        if (wasCurrent) {
            root.remove("current");
        }
        if (removed || wasCurrent) {
            write(root);
        }
        return removed;
    }

    private static ObjectNode auths(ObjectNode root) {
        return root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths")
                : root.putObject("auths");
    }

    private void write(ObjectNode root) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalArgumentException(file + " is not a JSON object; remove it and run 'slip login' again");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON (" + e.getMessage()
                    + "); remove it and run 'slip login' again", e);
        }
    }
}
