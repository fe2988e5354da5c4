package dev.slipway.sync.testing;

import dev.slipway.common.job.Topics;
import dev.slipway.registry.testing.FaultProxy;
import dev.slipway.registry.testing.Htpasswd;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.TokenServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Everything registry-sync talks to in its tests, real and on loopback: a docker-registry as the Docker Hub stand-in
 * ({@code docker.io}), a second one with {@code auth: token} as the layer-store stand-in (registry-sync logs in as
 * {@link #ROBOT} with a token file, skopeo in the tests as well), a docker-registry with {@code auth: token} behind a
 * token endpoint ({@code tokenreg.test}, and {@code badtoken.test} with a wrong password), one with htpasswd
 * ({@code basicreg.test}, {@code badbasic.test}), and a Docker Hub search fixture. Kafka and PostgreSQL come from
 * {@code SLIPWAY_TEST_KAFKA} and {@code SLIPWAY_TEST_JDBC_URL}; the Kafka topics are created up front.
 */
public class SyncTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "ouruser";
    public static final String PASSWORD = "s3cret";
    /** The robot registry-sync logs in to the layer-store stand-in as, with its token in a file. */
    public static final String ROBOT = "robot$registry-sync";
    private static final String ROBOT_TOKEN = "sync-robot-token-51c7";

    private static Path work;
    private static LocalRegistry upstream;
    private static LocalRegistry store;
    private static LocalRegistry tokenRegistry;
    private static LocalRegistry basicRegistry;
    private static TokenServer tokens;
    private static TokenServer storeTokens;
    private static SearchFixture search;
    private static FaultProxy flaky;

    /** The Docker Hub stand-in. */
    public static LocalRegistry upstream() {
        return upstream;
    }

    /** The layer-store stand-in. */
    public static LocalRegistry store() {
        return store;
    }

    /** The registry with token auth. */
    public static LocalRegistry tokenRegistry() {
        return tokenRegistry;
    }

    /** The registry with htpasswd auth. */
    public static LocalRegistry basicRegistry() {
        return basicRegistry;
    }

    /** The token endpoint. */
    public static TokenServer tokens() {
        return tokens;
    }

    /** The Docker Hub search stand-in. */
    public static SearchFixture search() {
        return search;
    }

    /** A fault-injecting proxy in front of the Docker Hub stand-in, configured as host {@code flaky.test}. */
    public static FaultProxy flaky() {
        return flaky;
    }

    /** A scratch folder for OCI layouts. */
    public static Path work() {
        return work;
    }

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("sync-test-");
            upstream = LocalRegistry.open(work.resolve("upstream"));
            // the layer-store stand-in wants tokens, as the real one does with auth on (issue 7)
            storeTokens = TokenServer.start(work.resolve("store-tokens"), ROBOT, ROBOT_TOKEN);
            store = LocalRegistry.token(work.resolve("store"), storeTokens.realm(), TokenServer.SERVICE,
                    TokenServer.ISSUER, storeTokens.certificate()).loggedInAs(ROBOT + ":" + ROBOT_TOKEN);
            Files.writeString(Files.createDirectories(work.resolve("robots")).resolve("registry-sync.token"),
                    ROBOT_TOKEN + "\n");
            tokens = TokenServer.start(work.resolve("tokens"), USER, PASSWORD);
            tokenRegistry = LocalRegistry.token(work.resolve("token-registry"), tokens.realm(), TokenServer.SERVICE,
                    TokenServer.ISSUER, tokens.certificate());
            Path htpasswd = work.resolve("htpasswd");
            Files.writeString(htpasswd, Htpasswd.line(USER, PASSWORD));
            basicRegistry = LocalRegistry.htpasswd(work.resolve("basic-registry"), htpasswd);
            search = SearchFixture.start();
            flaky = FaultProxy.start(upstream.uri());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        createTopics();
        Map<String, String> config = new HashMap<>();
        config.put("sync.upstreams.\"docker.io\".url", upstream.uri().toString());
        config.put("sync.upstreams.\"docker.io\".search-url", search.uri().toString());
        config.put("sync.upstream-overrides", "");
        config.put("sync.upstreams.\"flaky.test\".url", flaky.uri().toString());
        config.put("sync.layer-store.url", store.uri().toString());
        config.put("sync.layer-store.username", ROBOT);
        config.put("sync.layer-store.password-file", work.resolve("robots/registry-sync.token").toString());
        upstreamWithLogin(config, "tokenreg.test", tokenRegistry, PASSWORD);
        upstreamWithLogin(config, "badtoken.test", tokenRegistry, "wrong");
        upstreamWithLogin(config, "basicreg.test", basicRegistry, PASSWORD);
        upstreamWithLogin(config, "badbasic.test", basicRegistry, "wrong");
        config.put("sync.retry.max-attempts", "3");
        config.put("sync.retry.initial-backoff", "100ms");
        config.put("sync.retry.max-backoff", "500ms");
        config.put("sync.retry.connect-timeout", "2s");
        config.put("sync.jobs.heartbeat-interval", "1s");
        config.put("sync.mirror.tick", "1s");
        return config;
    }

    private static void upstreamWithLogin(Map<String, String> config, String host, LocalRegistry registry,
            String password) {
        config.put("sync.upstreams.\"" + host + "\".url", registry.uri().toString());
        config.put("sync.upstreams.\"" + host + "\".username", USER);
        config.put("sync.upstreams.\"" + host + "\".password", password);
    }

    @Override
    public void stop() {
        AutoCloseable[] all = {flaky, upstream, store, tokenRegistry, basicRegistry, tokens, storeTokens, search};
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the temp folder goes with the JVM's tmp cleanup
            }
        }
    }

    private static void createTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaJobs.bootstrap());
        try (Admin admin = Admin.create(props)) {
            for (String topic : Set.of(Topics.SYNC_JOBS, Topics.JOB_EVENTS, Topics.JOB_CONTROL)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e);
                    }
                }
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + KafkaJobs.bootstrap() + " is not answering", e);
        }
    }
}
