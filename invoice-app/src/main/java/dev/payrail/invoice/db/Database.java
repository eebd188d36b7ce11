package dev.payrail.invoice.db;

import com.zaxxer.hikari.HikariConfig;
import dev.payrail.server.DatabaseTimeouts;
import dev.payrail.server.db.MigrationRole;
import dev.payrail.server.db.Migrations;
import dev.payrail.server.db.ReconnectingDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The connection pool and the schema: opens HikariCP on SQLite or PostgreSQL and migrates with Flyway.
 * The only place that knows which database it is, apart from the few statements that differ
 * ({@link Dialect}).
 */
public final class Database implements AutoCloseable {
    private final ReconnectingDataSource dataSource;
    private final Dialect dialect;

    private Database(ReconnectingDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** The two databases we run on. */
    public enum Dialect { SQLITE, POSTGRESQL }

    /**
     * Opens the pool and migrates the schema.
     *
     * @param jdbcUrl  {@code jdbc:sqlite:<file>} (its directory is created) or {@code jdbc:postgresql:...}
     * @param user     for PostgreSQL
     * @param password for PostgreSQL
     * @param poolSize the largest number of connections (SQLite uses at most 4: it has one writer anyway)
     */
    public static Database open(String jdbcUrl, Optional<String> user, Optional<String> password, int poolSize) {
        DatabaseTimeouts defaults = DatabaseTimeouts.defaults();
        return open(jdbcUrl, user, password, poolSize, Optional.empty(),
                new DatabaseTimeouts(defaults.connection(), defaults.query(), Duration.ZERO), reason -> { });
    }

    /**
     * Opens the pool and migrates the schema, waiting up to {@code timeouts.startup()} for a database that cannot be
     * reached yet (each failed attempt logged and told to {@code progress}).
     *
     * @param migrationRole PostgreSQL only: the role that migrates, over a short-lived pool of its own; empty when
     *                      {@code user} does both
     */
    public static Database open(String jdbcUrl, Optional<String> user, Optional<String> password, int poolSize,
            Optional<MigrationRole> migrationRole, DatabaseTimeouts timeouts, Consumer<String> progress) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(migrationRole, "migrationRole");
        if (migrationRole.isPresent() && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a migration role needs PostgreSQL");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("invoice-app");
        hikari.setJdbcUrl(jdbcUrl);
        Dialect dialect;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
            createParentDirectory(jdbcUrl.substring("jdbc:sqlite:".length()));
            // WAL lets readers run beside the one writer; IMMEDIATE transactions take the write lock up front,
            // so two writers queue on busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hikari.setMaximumPoolSize(Math.min(poolSize, 4));
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
            user.ifPresent(hikari::setUsername);
            password.ifPresent(hikari::setPassword);
            hikari.setMaximumPoolSize(poolSize);
        } else {
            throw new IllegalArgumentException("not a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        timeouts.applyTo(hikari, dialect == Dialect.POSTGRESQL);
        // The pool starts without a connection; the migration below is what waits for the database.
        hikari.setInitializationFailTimeout(-1);
        ReconnectingDataSource dataSource = ReconnectingDataSource.pool(hikari);
        try {
            // Our own location: the provider's migrations share the test classpath.
            Migrations.run("classpath:db/invoice-app/migration", dataSource, migrationRole, timeouts.startup(),
                    progress);
            return new Database(dataSource, dialect);
        } catch (RuntimeException migrationFailed) {
            dataSource.close();
            throw migrationFailed;
        }
    }

    private static void createParentDirectory(String file) {
        int query = file.indexOf('?');
        String path = query >= 0 ? file.substring(0, query) : file;
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Publishes the pool's {@code hikaricp_connections_*} meters (tag {@code pool}) to the registry; once only. */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricRegistry(Objects.requireNonNull(registry, "registry"));
    }

    /** Asks the database a trivial question; throws when it cannot answer within {@code timeoutSeconds}. */
    public void ping(int timeoutSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.execute("SELECT 1");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
