package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry token flow, wired end to end (docs/registry-auth.md): the layer-store sends clients to a realm that
 * reaches the gateway and reads the gateway's keys in-cluster; every gateway replica signs with the key from one
 * Secret; each system robot logs in with the very Secret key the gateway knows as its token; credential files are
 * files a Secret provides; and the network lets each of those calls through.
 */
final class AuthCheck {
    static final String GATEWAY = "api-gateway";
    static final String LAYER_STORE = "layer-store";
    /** The services that log in to the layer-store as the system robot named after them ({@code robot$<module>}). */
    static final List<String> ROBOTS = List.of("build-worker", "registry-sync");
    static final String TOKEN_PATH = "/api/v1/token";
    static final String JWKS_PATH = "/api/v1/token/keys";
    private static final String KEY_DIR_ENV = "GATEWAY_AUTH_KEY_DIR";
    private static final String CURRENT = "current";

    /** Where a file in a container comes from. */
    private record SecretKey(String secret, String key) {
        @Override
        public String toString() {
            return "Secret " + secret + " key " + key;
        }
    }

    /** One container of a workload, with its env by name. */
    private record Pod(Pods.Workload workload, JsonNode container, Map<String, JsonNode> env) {
        String id() {
            return workload.owner().id();
        }
    }

    private final RenderedManifests manifests;
    private final Map<String, ServiceFacts> services;
    private final List<Violation> out = new ArrayList<>();

    AuthCheck(RenderedManifests manifests, Map<String, ServiceFacts> services) {
        this.manifests = manifests;
        this.services = services;
    }

    List<Violation> run() {
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (String module : services.keySet()) {
            pod(module).ifPresent(p -> pods.put(module, p));
        }
        pods.values().forEach(this::checkSecretFiles);
        Pod gateway = pods.get(GATEWAY);
        if (gateway == null) {
            return out; // WorkloadCheck reports the missing workload
        }
        checkKeyFolder(gateway);
        for (String robot : ROBOTS) {
            if (pods.containsKey(robot)) {
                checkRobot(pods.get(robot), gateway);
            }
        }
        if (pods.containsKey(LAYER_STORE)) {
            checkLayerStore(pods.get(LAYER_STORE), gateway, pods);
        }
        return out;
    }

    /** Every credential file a service reads is set, and is a file that a Secret volume provides. */
    private void checkSecretFiles(Pod pod) {
        ServiceFacts facts = services.get(pod.container().path("name").asText());
        for (String property : facts.secretFiles()) {
            String env = ServiceFacts.envForm(property);
            String path = literal(pod, env);
            if (path.isEmpty()) {
                out.add(new Violation(pod.id(), facts.module() + " sets no " + env + ", so " + property
                        + " names a file in the pod's own data folder that nothing writes"));
                continue;
            }
            secretFile(pod, path).ifPresentOrElse(source -> requireKey(pod.id(), env, source),
                    () -> out.add(new Violation(pod.id(), env + "=" + path + " is not a file any Secret volume of "
                            + facts.module() + " provides")));
        }
    }

    /** The gateway's key folder is one Secret every replica mounts, holding the key its {@code current} names. */
    private void checkKeyFolder(Pod gateway) {
        String dir = literal(gateway, KEY_DIR_ENV);
        if (dir.isEmpty()) {
            out.add(new Violation(gateway.id(), "sets no " + KEY_DIR_ENV + ": each replica would make its own "
                    + "signing key in its data folder, and tokens of one would fail at the others' JWKS"));
            return;
        }
        Optional<JsonNode> volume = mountedVolume(gateway, dir);
        if (volume.isEmpty() || !volume.get().has("secret")) {
            out.add(new Violation(gateway.id(), KEY_DIR_ENV + "=" + dir + " is not the mount of a Secret volume: "
                    + "the replicas would not share one signing key"));
            return;
        }
        String secretName = volume.get().path("secret").path("secretName").asText();
        manifests.find("Secret", secretName).ifPresent(secret -> {
            Optional<String> kid = decoded(secret, CURRENT);
            if (kid.isEmpty()) {
                out.add(new Violation(secret.id(), "has no key " + CURRENT + " (the signing key's id)"));
            } else if (decoded(secret, kid.get().trim() + ".der").isEmpty()) {
                out.add(new Violation(secret.id(), CURRENT + " names key " + kid.get().trim() + " but there is no "
                        + kid.get().trim() + ".der"));
            }
        });
    }

    /** The robot's password file is the Secret key the gateway takes that robot's token from. */
    private void checkRobot(Pod robot, Pod gateway) {
        String module = robot.container().path("name").asText();
        String tokenEnv = "GATEWAY_AUTH_SYSTEM_ROBOTS_" + ServiceFacts.envForm(module) + "_TOKEN";
        JsonNode ref = Optional.ofNullable(gateway.env().get(tokenEnv))
                .map(e -> e.path("valueFrom").path("secretKeyRef")).orElse(null);
        for (String property : services.get(module).secretFiles()) {
            String path = literal(robot, ServiceFacts.envForm(property));
            Optional<SecretKey> file = path.isEmpty() ? Optional.empty() : secretFile(robot, path);
            if (file.isEmpty()) {
                continue; // checkSecretFiles reported it
            }
            if (ref == null || ref.isMissingNode()) {
                out.add(new Violation(gateway.id(), "takes no " + tokenEnv + " from a Secret: it would generate a "
                        + "token for robot$" + module + " that differs from the one " + module + " logs in with ("
                        + file.get() + ")"));
            } else if (!file.get().equals(new SecretKey(ref.path("name").asText(), ref.path("key").asText()))) {
                out.add(new Violation(gateway.id(), tokenEnv + " comes from Secret " + ref.path("name").asText()
                        + " key " + ref.path("key").asText() + ", but " + module + " logs in with " + file.get()));
            }
        }
        reachesGateway(robot, gateway, "fetch its registry tokens");
    }

    /** The realm and the JWKS lead to the gateway; the token flow is not switched off. */
    private void checkLayerStore(Pod store, Pod gateway, Map<String, Pod> pods) {
        if (literal(store, "LAYERSTORE_AUTH_ENABLED").equalsIgnoreCase("false")) {
            out.add(new Violation(store.id(), "LAYERSTORE_AUTH_ENABLED=false: anyone reaching /v2 could push into "
                    + "any namespace"));
        }
        value(store, "LAYERSTORE_AUTH_JWKS_URL").ifPresent(jwks -> uri(store, "LAYERSTORE_AUTH_JWKS_URL", jwks)
                .ifPresent(u -> {
                    if (!u.getPath().equals(JWKS_PATH)) {
                        out.add(new Violation(store.id(), "LAYERSTORE_AUTH_JWKS_URL=" + jwks + " is not the gateway's "
                                + "JWKS path " + JWKS_PATH));
                    }
                    Optional<String> service = inClusterService(store, u);
                    if (service.isEmpty()) {
                        out.add(new Violation(store.id(), "LAYERSTORE_AUTH_JWKS_URL=" + jwks + " leaves the cluster; "
                                + "read the keys in-cluster from the gateway's Service"));
                    } else {
                        leadsToGateway(store, "LAYERSTORE_AUTH_JWKS_URL", u, service.get(), gateway);
                    }
                }));
        value(store, "LAYERSTORE_AUTH_REALM").ifPresent(realm -> uri(store, "LAYERSTORE_AUTH_REALM", realm)
                .ifPresent(u -> {
                    if (!u.getPath().equals(TOKEN_PATH)) {
                        out.add(new Violation(store.id(), "LAYERSTORE_AUTH_REALM=" + realm + " is not the gateway's "
                                + "token path " + TOKEN_PATH));
                    }
                    String host = u.getHost().toLowerCase(Locale.ROOT);
                    if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
                        List<String> robots = ROBOTS.stream().filter(pods::containsKey).toList();
                        out.add(new Violation(store.id(), "LAYERSTORE_AUTH_REALM=" + realm + " is loopback: "
                                + robots + " follow the realm from their pods, where it is their own loopback"));
                    }
                    inClusterService(store, u).ifPresent(s -> leadsToGateway(store, "LAYERSTORE_AUTH_REALM", u, s,
                            gateway));
                }));
        reachesGateway(store, gateway, "read the token keys");
    }

    private void reachesGateway(Pod from, Pod gateway, String why) {
        int port = services.get(GATEWAY).httpPort();
        if (!NetworkCheck.reaches(manifests, from.workload(), gateway.workload(), port)) {
            out.add(new Violation(from.id(), "the network policies do not let it reach " + GATEWAY + " on port "
                    + port + " to " + why));
        }
    }

    /** The Service named by a URL selects the gateway's pods, on a port that leads to the gateway's http port. */
    private void leadsToGateway(Pod pod, String env, URI uri, String serviceName, Pod gateway) {
        Optional<Manifest> service = manifests.find("Service", serviceName);
        if (service.isEmpty()) {
            out.add(new Violation(pod.id(), env + "=" + uri + " names Service " + serviceName + ", which does not "
                    + "exist"));
            return;
        }
        JsonNode spec = service.get().tree().path("spec");
        if (!Pods.selects(spec.path("selector"), gateway.workload().labels())) {
            out.add(new Violation(pod.id(), env + "=" + uri + " leads to " + service.get().id() + ", which does not "
                    + "select the " + GATEWAY + " pods"));
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        int gatewayPort = services.get(GATEWAY).httpPort();
        boolean ok = false;
        for (JsonNode p : spec.path("ports")) {
            if (p.path("port").asInt() == port) {
                JsonNode target = p.has("targetPort") ? p.get("targetPort") : p.get("port");
                ok |= target.isInt() ? target.asInt() == gatewayPort : containerPort(gateway, target.asText())
                        == gatewayPort;
            }
        }
        if (!ok) {
            out.add(new Violation(pod.id(), env + "=" + uri + ": port " + port + " of " + service.get().id()
                    + " does not lead to the gateway's port " + gatewayPort));
        }
    }

    /**
     * A Service of this farm a host names: {@code name}, {@code name.<namespace>}, or {@code name.<namespace>.svc…}.
     */
    private Optional<String> inClusterService(Pod pod, URI uri) {
        String[] labels = uri.getHost().toLowerCase(Locale.ROOT).split("\\.");
        String namespace = pod.workload().owner().tree().path("metadata").path("namespace").asText("");
        boolean inCluster = labels.length == 1 || (labels.length >= 3 && labels[2].equals("svc"))
                || (labels.length == 2 && labels[1].equals(namespace));
        if (!inCluster) {
            return Optional.empty();
        }
        if (labels.length >= 2 && !namespace.isEmpty() && !labels[1].equals(namespace)) {
            out.add(new Violation(pod.id(), uri + " names namespace " + labels[1] + "; the farm runs in " + namespace));
        }
        return Optional.of(labels[0]);
    }

    private Optional<URI> uri(Pod pod, String env, String value) {
        try {
            URI u = new URI(value);
            if ((u.getScheme() == null || !u.getScheme().matches("https?")) || u.getHost() == null) {
                out.add(new Violation(pod.id(), env + "=" + value + " is not an absolute http(s) URL"));
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            out.add(new Violation(pod.id(), env + "=" + value + " is not a URL: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** The Secret key behind a file path in the container, if a Secret volume provides that file. */
    private Optional<SecretKey> secretFile(Pod pod, String path) {
        JsonNode best = null;
        for (JsonNode mount : pod.container().path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            boolean covers = mount.has("subPath") ? path.equals(at) : path.startsWith(at.endsWith("/") ? at : at + "/");
            if (covers && (best == null || at.length() > best.path("mountPath").asText().length())) {
                best = mount;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        JsonNode secret = volume(pod, best.path("name").asText()).path("secret");
        if (secret.isMissingNode()) {
            return Optional.empty();
        }
        String at = best.path("mountPath").asText();
        String relative = best.has("subPath") ? best.path("subPath").asText()
                : path.substring(at.length()).replaceFirst("^/", "");
        if (!secret.has("items")) {
            return relative.contains("/") ? Optional.empty()
                    : Optional.of(new SecretKey(secret.path("secretName").asText(), relative));
        }
        for (JsonNode item : secret.path("items")) {
            if (item.path("path").asText().equals(relative)) {
                return Optional.of(new SecretKey(secret.path("secretName").asText(), item.path("key").asText()));
            }
        }
        return Optional.empty();
    }

    /** A Secret rendered in this overlay must hold the key (one the operator provides is not checked). */
    private void requireKey(String id, String env, SecretKey source) {
        manifests.find("Secret", source.secret()).ifPresent(secret -> {
            if (decoded(secret, source.key()).isEmpty()) {
                out.add(new Violation(id, env + " reads key " + source.key() + " that " + secret.id() + " lacks"));
            }
        });
    }

    /** The volume mounted as a whole (no subPath) exactly at {@code path}. */
    private static Optional<JsonNode> mountedVolume(Pod pod, String path) {
        for (JsonNode mount : pod.container().path("volumeMounts")) {
            if (mount.path("mountPath").asText().replaceFirst("/$", "").equals(path.replaceFirst("/$", ""))
                    && !mount.has("subPath")) {
                return Optional.of(volume(pod, mount.path("name").asText()));
            }
        }
        return Optional.empty();
    }

    private static JsonNode volume(Pod pod, String name) {
        for (JsonNode v : pod.workload().podSpec().path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return MissingNode.getInstance();
    }

    private static int containerPort(Pod pod, String name) {
        for (JsonNode p : pod.container().path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static Optional<String> decoded(Manifest secret, String key) {
        JsonNode data = secret.tree().path("data").path(key);
        if (data.isTextual()) {
            try {
                return Optional.of(new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        JsonNode plain = secret.tree().path("stringData").path(key);
        return plain.isTextual() ? Optional.of(plain.asText()) : Optional.empty();
    }

    /** A literal env value, "" when unset or taken from elsewhere. */
    private static String literal(Pod pod, String env) {
        JsonNode e = pod.env().get(env);
        return e == null ? "" : e.path("value").asText("");
    }

    /** An env value, literal or from a ConfigMap rendered here; empty when unset (RequiredEnv reports that). */
    private Optional<String> value(Pod pod, String env) {
        JsonNode e = pod.env().get(env);
        if (e == null) {
            return Optional.empty();
        }
        JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
        if (ref.isMissingNode()) {
            return e.has("value") ? Optional.of(e.path("value").asText()) : Optional.empty();
        }
        return manifests.find("ConfigMap", ref.path("name").asText())
                .map(cm -> cm.tree().path("data").path(ref.path("key").asText()).asText(null));
    }

    private Optional<Pod> pod(String module) {
        for (Pods.Workload w : Pods.running(manifests, module)) {
            for (JsonNode c : w.podSpec().path("containers")) {
                if (c.path("name").asText().equals(module)) {
                    Map<String, JsonNode> env = new LinkedHashMap<>();
                    c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
                    return Optional.of(new Pod(w, c, env));
                }
            }
        }
        return Optional.empty();
    }
}
