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
 * {@code <config dir>/config.json}, what {@code slip login} saves: the gateway logged in to last and a token per
 * gateway, like docker's {@code auths}. Written atomically with mode 0600 because it holds secrets.
 *
 * <pre>{"current": "http://farm:8080", "auths": {"http://farm:8080": {"token": "…"}}}</pre>
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
     * @return the token saved for it, if any
     */
    public Optional<String> token(GatewayUrl url) {
        JsonNode token = read().path("auths").path(url.toString()).path("token");
        return token.isTextual() ? Optional.of(token.asText()) : Optional.empty();
    }

    /**
     * Saves a login and makes it the current gateway.
     *
     * @param url the gateway
     * @param token its token
     * @throws UncheckedIOException if the file cannot be written
     */
    public void saveLogin(GatewayUrl url, String token) {
        ObjectNode root = read();
        root.put("current", url.toString());
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        auths.putObject(url.toString()).put("token", token);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the login in " + file + ": " + e.getMessage(), e);
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
