package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Providers;
import dev.payrail.server.StartupWait;
import dev.payrail.server.testing.PostgresRoles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split of docs/database.md: the provider migrates as DATABASE_MIGRATION_USER and serves as a DATABASE_USER
 * that may not CREATE, on a PostgreSQL that checks passwords (embedded PostgreSQL trusts everyone otherwise).
 */
class LeastPrivilegeRolesTest {
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":100,\"currency\":\"EUR\"}";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path hbaDir;
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    private String url;
    private PostgresRoles.Roles roles;
    private PaymentProviderServer server;

    @BeforeAll
    static void startPostgres() throws IOException {
        hbaDir = Files.createTempDirectory("provider-roles-hba");
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("hba_file", PostgresRoles.passwordCheckingHba(hbaDir).toString())
                .start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
        Files.deleteIfExists(hbaDir.resolve("pg_hba.conf"));
        Files.deleteIfExists(hbaDir);
    }

    @BeforeEach
    void databaseWithTwoRoles() throws SQLException {
        String name = "provider_roles_" + DATABASES.incrementAndGet();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        roles = PostgresRoles.create(postgres.getJdbcUrl("postgres", name), name);
        url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, String> environment(String migrationPassword) {
        Map<String, String> env = Providers.sqliteEnv(dataDir, "DATABASE_URL", url,
                "DATABASE_USER", roles.runtime(), "DATABASE_PASSWORD", roles.runtimePassword(),
                "DATABASE_MIGRATION_USER", roles.migrator(), "DATABASE_MIGRATION_PASSWORD", migrationPassword,
                "DB_STARTUP_TIMEOUT_SECONDS", "2", "DB_CONNECTION_TIMEOUT_MS", "1000");
        env.remove("DATA_DIR");
        return env;
    }

    @Test
    void migratesAsTheMigrationRoleAndChargesAsARuntimeRoleThatCannotCreate() throws SQLException {
        server = Providers.start(environment(roles.migratorPassword()));

        Http.Reply charge = new Http(server.baseUri()).postCharge("roles-1", BODY);
        assertThat(charge.status()).isEqualTo(201);
        assertThat(new Http(server.baseUri()).get("/v1/charges/" + charge.json().get("id").asText()).status())
                .isEqualTo(200);
        assertThat(PostgresRoles.sqlStateOf(url, roles.runtime(), roles.runtimePassword(),
                "CREATE TABLE x (id INTEGER)")).as("insufficient_privilege").isEqualTo("42501");
        assertThat(ownerOfCharges()).isEqualTo(roles.migrator());
    }

    private String ownerOfCharges() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                Statement sql = admin.createStatement();
                ResultSet owner = sql.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'charges'")) {
            assertThat(owner.next()).isTrue();
            return owner.getString(1);
        }
    }

    @Test
    void aWrongMigrationPasswordStopsStartUpWithAMessageWithoutThePassword() {
        String wrong = "wrong-" + roles.migratorPassword();

        assertThatThrownBy(() -> server = Providers.start(environment(wrong)))
                .satisfies(e -> assertThat(e.getMessage())
                        .as("the line Main prints")
                        .contains("DATABASE_MIGRATION_USER=\"" + roles.migrator() + "\"")
                        .contains("password authentication failed")
                        .doesNotContain("\n"))
                .satisfies(e -> assertThat(StartupWait.describe(e))
                        .doesNotContain(wrong)
                        .doesNotContain(roles.migratorPassword())
                        .doesNotContain(roles.runtimePassword()));
    }
}
