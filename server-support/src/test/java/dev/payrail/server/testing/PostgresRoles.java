package dev.payrail.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least-privilege split of docs/database.md on a test PostgreSQL: a migration role that owns the schema and a
 * runtime role that may only read and write rows. The statements are the ones the docs tell a DBA to run.
 */
public final class PostgresRoles {
    private PostgresRoles() {
    }

    /**
     * The two roles and their passwords.
     *
     * @param migrator         may CREATE in schema {@code public}; owns what the migrations create
     * @param runtime          CONNECT, USAGE on {@code public}, and row privileges on the migrator's tables
     */
    public record Roles(String migrator, String migratorPassword, String runtime, String runtimePassword) {
    }

    /** A database of its own on a {@link Cluster}, with its two roles; {@code url} carries no credentials. */
    public record RolesDatabase(String url, Roles roles) {
    }

    /**
     * An embedded PostgreSQL that asks every role but the superuser for its password ({@link #passwordCheckingHba}),
     * handing each test a fresh database with its own two roles.
     */
    public static final class Cluster implements AutoCloseable {
        private final String prefix;
        private final Path hbaDir;
        private final EmbeddedPostgres postgres;
        private final AtomicInteger databases = new AtomicInteger();

        private Cluster(String prefix, Path hbaDir, EmbeddedPostgres postgres) {
            this.prefix = prefix;
            this.hbaDir = hbaDir;
            this.postgres = postgres;
        }

        /** @param prefix names the databases and roles ({@code <prefix>_<n>}), a plain lower-case identifier */
        public static Cluster start(String prefix) throws IOException {
            Path hbaDir = Files.createTempDirectory(prefix + "-hba");
            return new Cluster(prefix, hbaDir, EmbeddedPostgres.builder()
                    .setServerConfig("hba_file", passwordCheckingHba(hbaDir).toString())
                    .start());
        }

        public RolesDatabase newDatabase() throws SQLException {
            String name = prefix + "_" + databases.incrementAndGet();
            try (Connection admin = postgres.getPostgresDatabase().getConnection();
                    Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE " + name);
            }
            return new RolesDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name,
                    create(postgres.getJdbcUrl("postgres", name), name));
        }

        /** The role that owns {@code table} in the database of {@code url}, asked as the superuser. */
        public String ownerOf(String url, String table) throws SQLException {
            try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                    Statement sql = admin.createStatement();
                    ResultSet owner = sql.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = '" + table
                            + "'")) {
                if (!owner.next()) {
                    throw new IllegalStateException("no table " + table + " in " + url);
                }
                return owner.getString(1);
            }
        }

        @Override
        public void close() throws IOException {
            postgres.close();
            Files.deleteIfExists(hbaDir.resolve("pg_hba.conf"));
            Files.deleteIfExists(hbaDir);
        }
    }

    /**
     * Writes a {@code pg_hba.conf} into {@code directory} that trusts the superuser {@code postgres} (the tests' own
     * set-up) and asks every other role for its password, and answers its path: embedded PostgreSQL trusts everyone
     * by default, which would let a wrong password in. Start the server with {@code hba_file} set to it.
     */
    public static Path passwordCheckingHba(Path directory) {
        Path file = directory.resolve("pg_hba.conf");
        try {
            Files.write(file, List.of(
                    "local all postgres trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Creates {@code <prefix>_migrator} and {@code <prefix>_runtime} with random passwords and grants them what
     * docs/database.md grants, in the database of {@code jdbcUrl}, connected as a superuser.
     *
     * @param jdbcUrl a URL that logs in as a superuser (e.g. {@code ...?user=postgres})
     * @param prefix  unique on the server (roles are cluster-wide), a plain SQL identifier
     */
    public static Roles create(String jdbcUrl, String prefix) {
        if (!prefix.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("prefix must be a plain lower-case identifier, was " + prefix);
        }
        Roles roles = new Roles(prefix + "_migrator", "m-" + UUID.randomUUID(), prefix + "_runtime",
                "r-" + UUID.randomUUID());
        try (Connection admin = DriverManager.getConnection(jdbcUrl); Statement sql = admin.createStatement()) {
            String database = admin.getCatalog();
            sql.execute("CREATE ROLE " + roles.migrator() + " LOGIN PASSWORD '" + roles.migratorPassword() + "'");
            sql.execute("CREATE ROLE " + roles.runtime() + " LOGIN PASSWORD '" + roles.runtimePassword() + "'");
            sql.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            sql.execute("GRANT CONNECT ON DATABASE " + database + " TO " + roles.migrator() + ", " + roles.runtime());
            sql.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + roles.migrator());
            sql.execute("GRANT USAGE ON SCHEMA public TO " + roles.runtime());
            sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + roles.migrator() + " IN SCHEMA public"
                    + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + roles.runtime());
            sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + roles.migrator() + " IN SCHEMA public"
                    + " GRANT USAGE, SELECT ON SEQUENCES TO " + roles.runtime());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the roles " + prefix + "_*: " + e.getMessage(), e);
        }
        return roles;
    }

    /**
     * The SQLState PostgreSQL answers when {@code user} runs {@code statement} in the database of {@code jdbcUrl}
     * (credentials not in the URL), or {@code null} when it succeeds.
     */
    public static String sqlStateOf(String jdbcUrl, String user, String password, String statement) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
