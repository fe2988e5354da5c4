package dev.slipway.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the packaged modules of this checkout are: {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} and the
 * local Kafka launcher's jar and classpath. The root comes from the system property {@code slipway.root} (set by the
 * module's surefire configuration).
 */
public final class Checkout {

    private final Path root;

    private Checkout(Path root) {
        this.root = root;
    }

    /** @return the checkout these tests belong to */
    public static Checkout current() {
        String root = System.getProperty("slipway.root");
        if (root == null) {
            throw new IllegalStateException("system property slipway.root is not set (run the tests with Maven)");
        }
        return new Checkout(Path.of(root).toAbsolutePath().normalize());
    }

    /**
     * @param module a Quarkus module (layer-store, api-gateway, cli …)
     * @return its packaged runner jar
     * @throws IllegalStateException when the module has not been packaged
     */
    public Path quarkusRunJar(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + " missing): run "
                    + "`mvn -B -o -q -pl e2e -am -DskipTests package` first");
        }
        return jar;
    }

    /** @return the classpath that runs {@code dev.slipway.localkafka.LocalKafka} */
    String localKafkaClasspath() {
        Path target = root.resolve("local-kafka/target");
        Path classpathFile = target.resolve("classpath.txt");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("local-kafka-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("local-kafka is not packaged (no jar in " + target + ")"));
            return jar + ":" + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("local-kafka is not packaged (" + classpathFile + ")", e);
        }
    }
}
