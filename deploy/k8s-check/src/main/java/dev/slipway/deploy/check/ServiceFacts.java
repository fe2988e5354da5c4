package dev.slipway.deploy.check;

import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service really reads, taken from its sources: {@code src/main/resources/application.properties} (the
 * default profile; {@code %test.}/{@code %dev.} keys are ignored) and its {@code @ConfigMapping} interfaces.
 *
 * <p>An environment variable reaches a service in three ways, all of which count: as a placeholder
 * ({@code ${SLIPWAY_KAFKA:...}}), as the environment form of a property it declares (Quarkus maps
 * {@code quarkus.http.port} to {@code QUARKUS_HTTP_PORT}: every non-alphanumeric character becomes {@code _}), or,
 * for a Kafka client, through Quarkus's {@code kafka.*} pass-through ({@code KAFKA_SASL_JAAS_CONFIG}). The image
 * settings ({@code quarkus.container-image.*}, {@code quarkus.jib.*}) are read when the image is built, never by a pod.
 *
 * @param module         the Maven module, which is also the container name in the manifests
 * @param httpPort       {@code quarkus.http.port}
 * @param envNames       every environment variable name the service reads by name
 * @param kafkaClient    whether it talks to Kafka (then {@code KAFKA_*} names pass through to the client)
 * @param requiredEnv    settings whose default points at loopback, so a pod must override them
 * @param consumerGroups topic → consumer group, for each incoming channel
 * @param topics         every topic of every channel
 * @param image          the repository Jib pushes the service's image to, below the registry:
 *                       {@code quarkus.container-image.group} / {@code .name} (default: the application name)
 * @param dataSettings   properties whose default lies under {@code $SLIPWAY_DATA}: unless a pod sets each of them,
 *                       SLIPWAY_DATA must name a mounted volume
 * @param secretFiles    properties naming a file that holds a credential ({@code …password-file}), which a pod must
 *                       point at a file a Secret provides
 */
public record ServiceFacts(String module, int httpPort, Set<String> envNames, boolean kafkaClient,
        List<RequiredEnv> requiredEnv, Map<String, String> consumerGroups, Set<String> topics,
        RepositoryName image, Set<String> dataSettings, Set<String> secretFiles) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?\\s*)*)([\\w.]+(?:<[\\w.<>, ?]+>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");
    private static final Set<String> BUILD_TIME_PREFIXES = Set.of("quarkus.container-image.", "quarkus.jib.");
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic");
    private static final String DATA = "SLIPWAY_DATA";
    private static final String SECRET_FILE_SUFFIX = "password-file";

    /**
     * A setting a pod must set, because its default only works on the developer's machine.
     *
     * @param property the property, e.g. {@code kafka.bootstrap.servers}
     * @param anyOf    environment variables any one of which sets it
     */
    public record RequiredEnv(String property, Set<String> anyOf) {
        /** Copies the set. */
        public RequiredEnv {
            Objects.requireNonNull(property, "property");
            anyOf = Set.copyOf(anyOf);
        }
    }

    /** Copies the collections. */
    public ServiceFacts {
        Objects.requireNonNull(module, "module");
        envNames = Set.copyOf(envNames);
        requiredEnv = List.copyOf(requiredEnv);
        consumerGroups = Map.copyOf(consumerGroups);
        topics = Set.copyOf(topics);
        Objects.requireNonNull(image, "image");
        dataSettings = Set.copyOf(dataSettings);
        secretFiles = Set.copyOf(secretFiles);
    }

    /**
     * @param root   the checkout root
     * @param module e.g. {@code build-worker}
     * @return the facts of that module
     * @throws IllegalStateException when its application.properties is missing, or has no {@code quarkus.http.port}
     *                               or no {@code quarkus.container-image.group}
     */
    public static ServiceFacts read(Path root, String module) {
        Path moduleDir = root.resolve(module);
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(moduleDir.resolve("src/main/resources/application.properties"))) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(module + ": cannot read application.properties: " + e.getMessage(), e);
        }
        Set<String> env = new TreeSet<>();
        List<RequiredEnv> required = new ArrayList<>();
        Map<String, String> groups = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        Set<String> data = new TreeSet<>();
        Set<String> secretFiles = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("%") || BUILD_TIME_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue; // another profile, or the image build's
            }
            String value = props.getProperty(key);
            env.add(envForm(key));
            Set<String> names = placeholders(value);
            env.addAll(names);
            classify(key, names, data, secretFiles);
            if (pointsAtLoopback(value)) {
                Set<String> anyOf = new TreeSet<>(names);
                anyOf.add(envForm(key));
                required.add(new RequiredEnv(key, anyOf));
            }
            Matcher channel = CHANNEL_TOPIC.matcher(key);
            if (channel.matches()) {
                topics.add(value);
                String group = props.getProperty("mp.messaging.incoming." + channel.group(2) + ".group.id");
                if (channel.group(1).equals("incoming") && group != null) {
                    groups.put(value, group);
                }
            }
        }
        for (Map.Entry<String, String> mapped : configMappings(moduleDir.resolve("src/main/java")).entrySet()) {
            env.add(envForm(mapped.getKey()));
            String defaultValue = mapped.getValue();
            Set<String> names = placeholders(defaultValue);
            env.addAll(names);
            if (!props.containsKey(mapped.getKey())) { // else the properties file's value counts, classified above
                classify(mapped.getKey(), names, data, secretFiles);
            }
            if (pointsAtLoopback(defaultValue) && !props.containsKey(mapped.getKey())) {
                Set<String> anyOf = new TreeSet<>(names);
                anyOf.add(envForm(mapped.getKey()));
                required.add(new RequiredEnv(mapped.getKey(), anyOf));
            }
        }
        String port = props.getProperty("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(module + ": application.properties sets no quarkus.http.port");
        }
        String group = props.getProperty("quarkus.container-image.group");
        if (group == null) {
            throw new IllegalStateException(module + ": application.properties sets no quarkus.container-image.group"
                    + " (Jib would name the image after the user who builds it)");
        }
        String name = props.getProperty("quarkus.container-image.name",
                props.getProperty("quarkus.application.name", module));
        return new ServiceFacts(module, Integer.parseInt(port.trim()), env,
                props.containsKey("kafka.bootstrap.servers"), required, groups, topics,
                RepositoryName.parse(group.trim() + "/" + name.trim()), data, secretFiles);
    }

    private static void classify(String property, Set<String> placeholders, Set<String> data, Set<String> secretFiles) {
        if (placeholders.contains(DATA) && !property.equals(DATA)) {
            data.add(property);
        }
        if (property.endsWith(SECRET_FILE_SUFFIX)) {
            secretFiles.add(property);
        }
    }

    /**
     * @param name an environment variable name
     * @return whether this service reads it
     */
    public boolean reads(String name) {
        return envNames.contains(name) || (kafkaClient && name.startsWith("KAFKA_"));
    }

    /** Quarkus's environment form of a property name. */
    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Set<String> placeholders(String value) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value == null ? "" : value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean pointsAtLoopback(String value) {
        return value != null && (value.contains("127.0.0.1") || value.contains("localhost"));
    }

    /** Property name → default ("" when none) of every leaf of every {@code @ConfigMapping} under {@code src}. */
    private static Map<String, String> configMappings(Path src) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isDirectory(src)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = stripComments(Files.readString(file));
                Matcher mapping = CONFIG_MAPPING.matcher(text);
                if (mapping.find()) {
                    Map<String, String> bodies = interfaceBodies(text);
                    Matcher first = INTERFACE.matcher(text);
                    if (first.find(mapping.end())) {
                        collect(bodies, first.group(1), mapping.group(1), out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void collect(Map<String, String> bodies, String type, String prefix, Map<String, String> out) {
        Matcher m = METHOD.matcher(bodies.getOrDefault(type, ""));
        while (m.find()) {
            String returnType = m.group(2);
            String property = prefix + "." + kebab(m.group(3));
            if (bodies.containsKey(returnType)) {
                collect(bodies, returnType, property, out); // a config group
            } else if (!returnType.startsWith("Map<")) { // map keys are open-ended: not a fixed env name
                Matcher def = WITH_DEFAULT.matcher(m.group(1));
                out.put(property, def.find() ? def.group(1) : "");
            }
        }
    }

    /** Each interface's own body text, with the bodies of interfaces nested in it cut out. */
    private static Map<String, String> interfaceBodies(String text) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher m = INTERFACE.matcher(text);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matchingBrace(text, open);
            StringBuilder own = new StringBuilder();
            int i = open + 1;
            Matcher nested = INTERFACE.matcher(text);
            while (nested.find(i) && nested.start() < close) {
                own.append(text, i, nested.start());
                i = matchingBrace(text, nested.end() - 1) + 1;
            }
            own.append(text, i, close);
            bodies.put(m.group(1), own.toString());
        }
        return bodies;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static int endOfString(String text, int quote) {
        for (int i = quote + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        return text.length();
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//[^\"\\n]*$", " ");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
