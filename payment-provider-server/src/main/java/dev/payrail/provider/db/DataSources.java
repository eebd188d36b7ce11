package dev.payrail.provider.db;

import com.zaxxer.hikari.HikariConfig;
import dev.payrail.provider.ConfigException;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.server.db.Migrations;
import dev.payrail.server.db.ReconnectingDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Builds the connection pool for the configured database and brings its schema up to date. */
public final class DataSources {
    private static final String MIGRATIONS = "classpath:db/migration";

    private DataSources() {
    }

    /**
     * A pool for the database. SQLite runs in WAL mode with {@code synchronous=FULL}: every commit is fsynced,
     * so a charge the provider answered survives a power cut; group commit amortises the fsync over many charges.
     */
    public static ReconnectingDataSource create(ProviderConfig.Database database, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ledger");
        hikari.setJdbcUrl(database.jdbcUrl());
        hikari.setMaximumPoolSize(database.poolSize());
        hikari.setMinimumIdle(Math.min(2, database.poolSize()));
        database.timeouts().applyTo(hikari, database.isPostgres());
        // The pool starts without a connection; the migration is what waits for the database (StartupWait).
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricRegistry(registry);
        if (database.isPostgres()) {
            if (database.user() != null) {
                hikari.setUsername(database.user());
            }
            if (database.password() != null) {
                hikari.setPassword(database.password());
            }
            hikari.addDataSourceProperty("ApplicationName", "payment-provider");
        } else {
            try {
                Files.createDirectories(database.dataDir());
            } catch (IOException | SecurityException e) {
                throw new ConfigException("invalid configuration: DATA_DIR=\"" + database.dataDir()
                        + "\" cannot be created: " + e);
            }
            if (!Files.isWritable(database.dataDir())) {
                throw new ConfigException("invalid configuration: DATA_DIR=\"" + database.dataDir()
                        + "\" is not writable");
            }
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "FULL");
            // The driver otherwise runs "SELECT last_insert_rowid()" after every insert; nothing reads it.
            hikari.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        return ReconnectingDataSource.pool(hikari);
    }

    /**
     * Applies the Flyway migrations in {@code db/migration} (the same portable SQL serves SQLite and PostgreSQL)
     * over {@code dataSource}, once: tests that build their own pool.
     */
    public static void migrate(ReconnectingDataSource dataSource) {
        Migrations.run(MIGRATIONS, dataSource, Optional.empty(), Duration.ZERO, reason -> { });
    }

    /**
     * Applies the migrations as {@code database}'s migration role, if it has one, waiting up to
     * {@code DB_STARTUP_TIMEOUT_SECONDS} for a database that cannot be reached yet.
     */
    public static void migrate(ReconnectingDataSource dataSource, ProviderConfig.Database database,
            Consumer<String> progress) {
        Migrations.run(MIGRATIONS, dataSource, database.migrationRole(), database.timeouts().startup(), progress);
    }
}
