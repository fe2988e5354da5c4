package dev.slipway.localkafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the local broker listens and keeps its data: one KRaft node that is both broker and controller, on loopback.
 *
 * @param host           the loopback address both listeners bind to
 * @param brokerPort     the PLAINTEXT port clients use ({@code kafka.bootstrap.servers})
 * @param controllerPort the KRaft controller port (never used by clients)
 * @param logDir         the folder holding the partitions and the metadata log; created when missing
 */
public record BrokerSettings(String host, int brokerPort, int controllerPort, Path logDir) {

    /** The address the local farm binds every listener to. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Validates the ports and normalises the log folder to an absolute path. */
    public BrokerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logDir, "logDir");
        requirePort("broker port", brokerPort);
        requirePort("controller port", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException(
                    "broker port and controller port must differ (both are " + brokerPort + ")");
        }
        logDir = logDir.toAbsolutePath().normalize();
    }

    /** @return {@code host:brokerPort}, the value for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return host + ":" + brokerPort;
    }

    /**
     * Reads {@code --broker-port N --controller-port N --log-dir DIR [--host H]}.
     *
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException naming the option that is missing, unknown or malformed
     */
    public static BrokerSettings fromArgs(String[] args) {
        String host = LOOPBACK;
        Integer broker = null;
        Integer controller = null;
        Path logDir = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = rest.remove(0);
            switch (option) {
                case "--host" -> host = value;
                case "--broker-port" -> broker = parsePort(option, value);
                case "--controller-port" -> controller = parsePort(option, value);
                case "--log-dir" -> logDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (broker == null || controller == null || logDir == null) {
            throw new IllegalArgumentException("--broker-port, --controller-port and --log-dir are required");
        }
        return new BrokerSettings(host, broker, controller, logDir);
    }

    private static int parsePort(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got '" + value + "'");
        }
    }

    private static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be within 1..65535, got " + port);
        }
    }
}
