package dev.slipway.common.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image configuration (OCI image config / Docker container image v1): platform, creation metadata, the
 * runtime defaults for containers, the layer diff IDs and the history that {@code docker history} shows.
 *
 * <p>{@link #parse(byte[])} reads the fields Slipway uses and ignores the rest; {@link #toJson()} writes canonical
 * JSON (the field order of the Go structs of the image spec, compact, maps and sets sorted, timestamps as Go's
 * RFC 3339 with nanoseconds), so the same config always has the same digest. A config
 * blob pulled from elsewhere is stored and referenced by its original bytes, never by {@code toJson()} output.
 * Lists in the model are never {@code null}: empty means "not set" and is omitted from the JSON.
 *
 * @param architecture CPU architecture, e.g. {@code amd64}
 * @param os operating system, e.g. {@code linux}
 * @param variant CPU variant, or {@code null}
 * @param created when the image was created, or {@code null}
 * @param author the author, or {@code null}
 * @param config container defaults
 * @param rootfs the layer diff IDs
 * @param history one entry per build step, including steps without a layer
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 */
public record ImageConfig(
        String architecture,
        String os,
        String variant,
        Instant created,
        String author,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    private static final JsonFields FIELDS =
            new JsonFields(m -> new InvalidImageConfigException("invalid image config: " + m));

    /** @throws IllegalArgumentException if architecture or os is missing */
    public ImageConfig {
        if (architecture == null || architecture.isBlank()) {
            throw new InvalidImageConfigException("invalid image config: architecture: required field is missing");
        }
        if (os == null || os.isBlank()) {
            throw new InvalidImageConfigException("invalid image config: os: required field is missing");
        }
        config = config == null ? ContainerConfig.EMPTY : config;
        rootfs = rootfs == null ? new RootFs(List.of()) : rootfs;
        history = history == null ? List.of() : List.copyOf(history);
    }

    /**
     * @param os e.g. {@code linux}
     * @param architecture e.g. {@code amd64}
     * @return an empty config for a platform: no layers, no history, default container settings
     */
    public static ImageConfig empty(String os, String architecture) {
        return new ImageConfig(architecture, os, null, null, null, ContainerConfig.EMPTY, null, List.of());
    }

    /**
     * @param config new container defaults
     * @return a copy with {@code config}
     */
    public ImageConfig withConfig(ContainerConfig config) {
        return new ImageConfig(architecture, os, variant, created, author, config, rootfs, history);
    }

    /**
     * @param created creation time
     * @param author author, or {@code null}
     * @return a copy with those
     */
    public ImageConfig withCreated(Instant created, String author) {
        return new ImageConfig(architecture, os, variant, created, author, config, rootfs, history);
    }

    /**
     * Records a build step: appends the history entry and, unless it is an empty layer, the layer's diff ID.
     *
     * @param diffId the digest of the uncompressed layer tar, or {@code null} for a step without a layer
     * @param entry the history entry; its {@code emptyLayer} must be true exactly when {@code diffId} is null
     * @return a copy with the step added
     * @throws IllegalArgumentException if {@code diffId} and {@code entry.emptyLayer()} disagree
     */
    public ImageConfig withStep(Digest diffId, History entry) {
        if ((diffId == null) != entry.emptyLayer()) {
            throw new IllegalArgumentException("history empty_layer must be true exactly when the step adds no layer");
        }
        List<History> h = new ArrayList<>(history);
        h.add(entry);
        List<Digest> ids = new ArrayList<>(rootfs.diffIds());
        if (diffId != null) {
            ids.add(diffId);
        }
        return new ImageConfig(architecture, os, variant, created, author, config, new RootFs(ids), h);
    }

    /**
     * @param json config bytes
     * @return the config
     * @throws InvalidImageConfigException naming the field, if the bytes are not a valid config
     */
    public static ImageConfig parse(byte[] json) {
        JsonFields f = FIELDS;
        ObjectNode root = f.parseObject(json);
        ObjectNode cfg = f.object(root, "", "config", false);
        ObjectNode rootfsNode = f.object(root, "", "rootfs", false);
        RootFs rootfs = null;
        if (rootfsNode != null) {
            String type = f.string(rootfsNode, "rootfs", "type", true);
            if (!type.equals(RootFs.LAYERS)) {
                throw f.error("rootfs.type: must be \"layers\"");
            }
            List<String> ids = f.strings(rootfsNode, "rootfs", "diff_ids");
            List<Digest> diffIds = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                try {
                    diffIds.add(Digest.parse(ids.get(i)));
                } catch (InvalidDigestException e) {
                    throw f.error("rootfs.diff_ids[" + i + "]: " + e.getMessage());
                }
            }
            rootfs = new RootFs(diffIds);
        }
        List<ObjectNode> historyNodes = f.objects(root, "", "history", false);
        List<History> history = new ArrayList<>();
        for (int i = 0; i < historyNodes.size(); i++) {
            ObjectNode h = historyNodes.get(i);
            String path = "history[" + i + "]";
            history.add(new History(instant(f, h, path, "created"), f.string(h, path, "created_by", false),
                    f.string(h, path, "author", false), f.string(h, path, "comment", false),
                    f.bool(h, path, "empty_layer")));
        }
        return new ImageConfig(
                f.string(root, "", "architecture", true),
                f.string(root, "", "os", true),
                f.string(root, "", "variant", false),
                instant(f, root, "", "created"),
                f.string(root, "", "author", false),
                cfg == null ? null : containerConfig(f, cfg),
                rootfs,
                history);
    }

    private static ContainerConfig containerConfig(JsonFields f, ObjectNode c) {
        String p = "config";
        ObjectNode hc = f.object(c, p, "Healthcheck", false);
        Healthcheck healthcheck = null;
        if (hc != null) {
            String hp = "config.Healthcheck";
            long retries = f.nonNegativeLong(hc, hp, "Retries", false, 0);
            healthcheck = new Healthcheck(f.strings(hc, hp, "Test"),
                    Duration.ofNanos(f.nonNegativeLong(hc, hp, "Interval", false, 0)),
                    Duration.ofNanos(f.nonNegativeLong(hc, hp, "Timeout", false, 0)),
                    Duration.ofNanos(f.nonNegativeLong(hc, hp, "StartPeriod", false, 0)),
                    Duration.ofNanos(f.nonNegativeLong(hc, hp, "StartInterval", false, 0)),
                    (int) Math.min(Integer.MAX_VALUE, retries));
        }
        return new ContainerConfig(
                f.string(c, p, "User", false),
                new LinkedHashSet<>(f.keySet(c, p, "ExposedPorts")),
                f.strings(c, p, "Env"),
                f.strings(c, p, "Entrypoint"),
                f.strings(c, p, "Cmd"),
                new LinkedHashSet<>(f.keySet(c, p, "Volumes")),
                f.string(c, p, "WorkingDir", false),
                f.stringMap(c, p, "Labels"),
                f.string(c, p, "StopSignal", false),
                healthcheck,
                f.strings(c, p, "Shell"),
                f.strings(c, p, "OnBuild"));
    }

    private static Instant instant(JsonFields f, ObjectNode obj, String parent, String field) {
        String text = f.string(obj, parent, field, false);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw f.error(JsonFields.path(parent, field) + ": must be an RFC 3339 timestamp, got \"" + text + "\"");
        }
    }

    /** @return canonical JSON bytes of this config */
    public byte[] toJson() {
        ObjectNode n = JsonFields.NODES.objectNode();
        if (created != null) {
            n.put("created", rfc3339(created));
        }
        if (author != null) {
            n.put("author", author);
        }
        n.put("architecture", architecture);
        n.put("os", os);
        if (variant != null) {
            n.put("variant", variant);
        }
        n.set("config", configNode(config));
        ObjectNode r = n.putObject("rootfs");
        r.put("type", rootfs.type());
        ArrayNode ids = r.putArray("diff_ids");
        rootfs.diffIds().forEach(d -> ids.add(d.toString()));
        if (!history.isEmpty()) {
            ArrayNode h = n.putArray("history");
            for (History e : history) {
                ObjectNode hn = h.addObject();
                if (e.created() != null) {
                    hn.put("created", rfc3339(e.created()));
                }
                putIfSet(hn, "created_by", e.createdBy());
                putIfSet(hn, "author", e.author());
                putIfSet(hn, "comment", e.comment());
                if (e.emptyLayer()) {
                    hn.put("empty_layer", true);
                }
            }
        }
        return JsonFields.toBytes(n);
    }

    private static JsonNode configNode(ContainerConfig c) {
        ObjectNode n = JsonFields.NODES.objectNode();
        putIfSet(n, "User", c.user());
        putKeySet(n, "ExposedPorts", c.exposedPorts());
        JsonFields.putStrings(n, "Env", c.env());
        JsonFields.putStrings(n, "Entrypoint", c.entrypoint());
        JsonFields.putStrings(n, "Cmd", c.cmd());
        putKeySet(n, "Volumes", c.volumes());
        putIfSet(n, "WorkingDir", c.workingDir());
        JsonFields.putSortedStrings(n, "Labels", c.labels());
        putIfSet(n, "StopSignal", c.stopSignal());
        if (c.healthcheck() != null) {
            Healthcheck h = c.healthcheck();
            ObjectNode hn = n.putObject("Healthcheck");
            JsonFields.putStrings(hn, "Test", h.test());
            putNanos(hn, "Interval", h.interval());
            putNanos(hn, "Timeout", h.timeout());
            putNanos(hn, "StartPeriod", h.startPeriod());
            putNanos(hn, "StartInterval", h.startInterval());
            if (h.retries() > 0) {
                hn.put("Retries", h.retries());
            }
        }
        JsonFields.putStrings(n, "OnBuild", c.onBuild());
        JsonFields.putStrings(n, "Shell", c.shell());
        return n;
    }

    /** RFC 3339 with the fraction's trailing zeros trimmed, as Go's time.RFC3339Nano writes it. */
    static String rfc3339(Instant instant) {
        String s = instant.toString();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        int end = s.length() - 1; // the 'Z'
        int last = end - 1;
        while (last > dot && s.charAt(last) == '0') {
            last--;
        }
        return (last == dot ? s.substring(0, dot) : s.substring(0, last + 1)) + "Z";
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(field, value);
        }
    }

    private static void putKeySet(ObjectNode n, String field, Set<String> keys) {
        if (!keys.isEmpty()) {
            ObjectNode o = n.putObject(field);
            new TreeSet<>(keys).forEach(k -> o.putObject(k));
        }
    }

    private static void putNanos(ObjectNode n, String field, Duration d) {
        if (!d.isZero()) {
            n.put(field, d.toNanos());
        }
    }

    /**
     * The container defaults of an image ({@code config} in the JSON). Sets and maps are written sorted.
     *
     * @param user {@code USER}, or {@code null}
     * @param exposedPorts {@code EXPOSE}d ports such as {@code 80/tcp}
     * @param env {@code ENV} as {@code KEY=value}, in order
     * @param entrypoint {@code ENTRYPOINT}
     * @param cmd {@code CMD}
     * @param volumes {@code VOLUME} paths
     * @param workingDir {@code WORKDIR}, or {@code null}
     * @param labels {@code LABEL}s
     * @param stopSignal {@code STOPSIGNAL}, or {@code null}
     * @param healthcheck {@code HEALTHCHECK}, or {@code null}
     * @param shell {@code SHELL}
     * @param onBuild {@code ONBUILD} triggers
     */
    public record ContainerConfig(
            String user,
            Set<String> exposedPorts,
            List<String> env,
            List<String> entrypoint,
            List<String> cmd,
            Set<String> volumes,
            String workingDir,
            Map<String, String> labels,
            String stopSignal,
            Healthcheck healthcheck,
            List<String> shell,
            List<String> onBuild) {

        /** No defaults at all. */
        public static final ContainerConfig EMPTY =
                new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null);

        /** Copies collections; {@code null} collections become empty. */
        public ContainerConfig {
            exposedPorts = exposedPorts == null ? Set.of() : Set.copyOf(exposedPorts);
            env = env == null ? List.of() : List.copyOf(env);
            entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
            cmd = cmd == null ? List.of() : List.copyOf(cmd);
            volumes = volumes == null ? Set.of() : Set.copyOf(volumes);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            shell = shell == null ? List.of() : List.copyOf(shell);
            onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        }

        /**
         * @param name a variable name
         * @return its value in {@link #env()}, or {@code null}
         */
        public String envValue(String name) {
            String prefix = name + "=";
            for (String e : env) {
                if (e.startsWith(prefix)) {
                    return e.substring(prefix.length());
                }
            }
            return null;
        }

        /** @return a builder starting from this config */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds a {@link ContainerConfig} step by step, as a Dockerfile's instructions change it. Not thread-safe. */
        public static final class Builder {
            private String user;
            private final Set<String> exposedPorts;
            private final Map<String, String> env = new LinkedHashMap<>();
            private List<String> entrypoint;
            private List<String> cmd;
            private final Set<String> volumes;
            private String workingDir;
            private final Map<String, String> labels;
            private String stopSignal;
            private Healthcheck healthcheck;
            private List<String> shell;
            private final List<String> onBuild;

            private Builder(ContainerConfig c) {
                user = c.user;
                exposedPorts = new LinkedHashSet<>(c.exposedPorts);
                for (String e : c.env) {
                    int eq = e.indexOf('=');
                    env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
                }
                entrypoint = c.entrypoint;
                cmd = c.cmd;
                volumes = new LinkedHashSet<>(c.volumes);
                workingDir = c.workingDir;
                labels = new LinkedHashMap<>(c.labels);
                stopSignal = c.stopSignal;
                healthcheck = c.healthcheck;
                shell = c.shell;
                onBuild = new ArrayList<>(c.onBuild);
            }

            /**
             * @param value {@code USER}
             * @return this
             */
            public Builder user(String value) {
                user = value;
                return this;
            }

            /**
             * @param port e.g. {@code 80/tcp}
             * @return this
             */
            public Builder exposePort(String port) {
                exposedPorts.add(Objects.requireNonNull(port));
                return this;
            }

            /**
             * Sets or replaces a variable, keeping its original position.
             * @param name name
             * @param value value
             * @return this
             */
            public Builder env(String name, String value) {
                env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
                return this;
            }

            /**
             * @param value {@code ENTRYPOINT}
             * @return this
             */
            public Builder entrypoint(List<String> value) {
                entrypoint = value;
                return this;
            }

            /**
             * @param value {@code CMD}
             * @return this
             */
            public Builder cmd(List<String> value) {
                cmd = value;
                return this;
            }

            /**
             * @param path a {@code VOLUME}
             * @return this
             */
            public Builder volume(String path) {
                volumes.add(Objects.requireNonNull(path));
                return this;
            }

            /**
             * @param value {@code WORKDIR}
             * @return this
             */
            public Builder workingDir(String value) {
                workingDir = value;
                return this;
            }

            /**
             * @param name label name
             * @param value label value
             * @return this
             */
            public Builder label(String name, String value) {
                labels.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
                return this;
            }

            /**
             * @param value {@code STOPSIGNAL}
             * @return this
             */
            public Builder stopSignal(String value) {
                stopSignal = value;
                return this;
            }

            /**
             * @param value {@code HEALTHCHECK}, or {@code null} for none
             * @return this
             */
            public Builder healthcheck(Healthcheck value) {
                healthcheck = value;
                return this;
            }

            /**
             * @param value {@code SHELL}
             * @return this
             */
            public Builder shell(List<String> value) {
                shell = value;
                return this;
            }

            /**
             * @param trigger an {@code ONBUILD} instruction
             * @return this
             */
            public Builder onBuild(String trigger) {
                onBuild.add(Objects.requireNonNull(trigger));
                return this;
            }

            /** @return the config */
            public ContainerConfig build() {
                List<String> envList = new ArrayList<>();
                env.forEach((k, v) -> envList.add(k + "=" + v));
                return new ContainerConfig(user, exposedPorts, envList, entrypoint, cmd, volumes, workingDir, labels,
                        stopSignal, healthcheck, shell, onBuild);
            }
        }
    }

    /**
     * A {@code HEALTHCHECK}; durations are written as nanoseconds, zero meaning "inherit/default".
     *
     * @param test e.g. {@code ["CMD-SHELL", "curl -f http://localhost/"]}, or {@code ["NONE"]}
     * @param interval time between checks
     * @param timeout time before a check counts as failed
     * @param startPeriod grace period after start
     * @param startInterval time between checks during the start period
     * @param retries failures before unhealthy, 0 for default
     */
    public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
            Duration startInterval, int retries) {

        /** Copies the test, turns {@code null} durations into zero. */
        public Healthcheck {
            test = test == null ? List.of() : List.copyOf(test);
            interval = interval == null ? Duration.ZERO : interval;
            timeout = timeout == null ? Duration.ZERO : timeout;
            startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
            startInterval = startInterval == null ? Duration.ZERO : startInterval;
            if (retries < 0) {
                throw new IllegalArgumentException("healthcheck retries must not be negative");
            }
        }
    }

    /**
     * The layers of the root filesystem as digests of the uncompressed layer tars, base first.
     *
     * @param type always {@code layers}
     * @param diffIds the diff IDs
     */
    public record RootFs(String type, List<Digest> diffIds) {
        /** The only rootfs type. */
        public static final String LAYERS = "layers";

        /** @throws IllegalArgumentException if the type is not {@code layers} */
        public RootFs {
            if (!LAYERS.equals(type)) {
                throw new IllegalArgumentException("rootfs type must be \"layers\", got \"" + type + "\"");
            }
            diffIds = List.copyOf(diffIds);
        }

        /** @param diffIds the diff IDs, base first */
        public RootFs(List<Digest> diffIds) {
            this(LAYERS, diffIds);
        }
    }

    /**
     * One build step in the image's history.
     *
     * @param created when the step ran, or {@code null}
     * @param createdBy the command, e.g. {@code /bin/sh -c #(nop) CMD ["sh"]}
     * @param author the author, or {@code null}
     * @param comment a comment (e.g. the {@code commit -m} message), or {@code null}
     * @param emptyLayer whether the step added no layer (no entry in {@code rootfs.diff_ids})
     */
    public record History(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {
    }
}
