package dev.payrail.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payrail.server.StartupWait;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a server's schema up to date at start-up, waiting for the database ({@link StartupWait}) as long as
 * {@code DB_STARTUP_TIMEOUT_SECONDS} allows. Without a {@link MigrationRole} Flyway runs over the runtime pool, one
 * role doing both. With one, Flyway logs in as that role over a small pool of its own, a copy of the runtime pool's
 * settings (URL, parameters, time-outs), which is closed as soon as the schema is current: the owner's credentials
 * are not held for the life of the process, and the runtime role never needs CREATE.
 */
public final class Migrations {
    /** Flyway uses one connection, and one more for its lock on PostgreSQL. */
    static final int MIGRATION_POOL_SIZE = 2;

    private Migrations() {
    }

    /**
     * Migrates with the scripts in {@code location} (e.g. {@code classpath:db/migration}).
     *
     * @param runtime  the server's pool; migrated over when {@code role} is empty, else only checked to log in
     * @param progress told each failed attempt while the database is awaited (readiness shows it)
     * @throws StartupWait.GaveUpException when the database stays unreachable beyond {@code startup}
     * @throws IllegalStateException       when a role cannot log in or migrate (a wrong password is not waited for),
     *                                     naming the role, never its password
     */
    public static void run(String location, ReconnectingDataSource runtime, Optional<MigrationRole> role,
            Duration startup, Consumer<String> progress) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(role, "role");
        if (role.isEmpty()) {
            StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", startup, () -> {
                migrate(location, runtime);
                return null;
            }, StartupWait::databaseUnreachable, progress);
            return;
        }
        try (HikariDataSource migrationPool = new HikariDataSource(migrationPool(runtime.configuration(), role.get()))) {
            StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", startup, () -> {
                try {
                    migrate(location, migrationPool);
                } catch (RuntimeException e) {
                    throw failed("the migration role " + MigrationRole.USER_VARIABLE + "=\"" + role.get().user()
                            + "\" could not migrate the schema", e);
                }
                // The runtime role is checked in the same wait: a server that migrated but cannot log in as itself
                // must not come up.
                try (Connection connection = runtime.getConnection()) {
                    connection.isValid(1);
                } catch (SQLException e) {
                    throw failed("the runtime role (DATABASE_USER) could not log in", e);
                }
                return null;
            }, StartupWait::databaseUnreachable, progress);
        }
    }

    private static void migrate(String location, DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .load()
                .migrate();
    }

    /** The cause stays attached, so {@link StartupWait#databaseUnreachable} still sees an outage as one. */
    private static IllegalStateException failed(String what, Exception e) {
        return new IllegalStateException(what + ": " + StartupWait.describe(e), e);
    }

    static HikariConfig migrationPool(HikariConfig runtime, MigrationRole role) {
        HikariConfig migration = new HikariConfig();
        runtime.copyStateTo(migration);
        migration.setPoolName(runtime.getPoolName() + "-migration");
        migration.setUsername(role.user());
        migration.setPassword(role.password());
        migration.setMaximumPoolSize(MIGRATION_POOL_SIZE);
        migration.setMinimumIdle(0);
        // Its meters would sit beside the runtime pool's for a pool that lives a few seconds.
        migration.setMetricRegistry(null);
        migration.setMetricsTrackerFactory(null);
        migration.setHealthCheckRegistry(null);
        // Opened without a connection, like the runtime pool: the wait above is what retries an unreachable database.
        migration.setInitializationFailTimeout(-1);
        return migration;
    }
}
