package dev.slipway.e2e.farm;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one farm ({@code e2e_<random>}) in the test PostgreSQL that {@code ./slipway test}
 * starts ({@code SLIPWAY_TEST_JDBC_URL}; user slipway is a superuser there). Every service makes its own schema in it
 * with Flyway, as on a farm started by {@code ./slipway up}.
 */
final class FarmDatabase {

    static final String USER = "slipway";
    static final String PASSWORD = "slipway";

    private final String adminUrl;
    private final String name;

    private FarmDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /** @return a database with a fresh name, not created yet ({@link #create()}) */
    static FarmDatabase named() {
        String url = System.getenv("SLIPWAY_TEST_JDBC_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("SLIPWAY_TEST_JDBC_URL is not set: run the e2e tests with "
                    + "`./slipway test -pl e2e`, which starts a throwaway PostgreSQL");
        }
        String name = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        return new FarmDatabase(url, name);
    }

    void create() {
        execute("CREATE DATABASE " + name + " OWNER " + USER);
    }

    /** @return the JDBC URL of the farm's database */
    String jdbcUrl() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    /** Drops it (if it was created), closing whatever connection a killed service left open. */
    void drop() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
