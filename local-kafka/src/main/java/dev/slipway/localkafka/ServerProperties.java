package dev.slipway.localkafka;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/** The {@code server.properties} of a one-node KRaft broker that is its own controller. */
final class ServerProperties {

    static final String FILE_NAME = "server.properties";

    private ServerProperties() {
    }

    /**
     * @param settings ports and folders
     * @return the broker configuration
     */
    static Properties of(BrokerSettings settings) {
        String controller = settings.host() + ":" + settings.controllerPort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", controller);
        p.setProperty("listeners", "PLAINTEXT://" + settings.bootstrapServers() + ",CONTROLLER://" + controller);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + settings.bootstrapServers());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", settings.logDir().resolve("data").toString());
        p.setProperty("num.partitions", "1");
        // One node: every internal topic must make do with a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Consumers join at once instead of waiting for more members that never come.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The controller appends a no-op record to the metadata log every 500 ms by default, and each one is
        // committed and published to the broker's coordinators; with broker and controller in one process nothing
        // needs that pace, and the idle broker's CPU comes out of the builds' cores (bench/scale: the raft and
        // controller threads used 0.27 CPU s a minute at 500 ms, 0.08 at 5 s).
        p.setProperty("metadata.max.idle.interval.ms", "5000");
        return p;
    }

    /**
     * Writes the configuration under the log folder, replacing an earlier one (ports may change between runs).
     *
     * @return the file written
     */
    static Path write(BrokerSettings settings) throws IOException {
        Files.createDirectories(settings.logDir());
        Path file = settings.logDir().resolve(FILE_NAME);
        // Sorted plain key=value lines (Properties.store would shuffle them and escape every colon).
        Properties properties = of(settings);
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("# Written by dev.slipway.localkafka.LocalKafka; rewritten on every start\n");
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                out.write(key + "=" + properties.getProperty(key) + "\n");
            }
        }
        return file;
    }
}
