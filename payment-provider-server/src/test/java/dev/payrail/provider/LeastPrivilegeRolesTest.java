package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Providers;
import dev.payrail.server.StartupWait;
import dev.payrail.server.testing.PostgresRoles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
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
    private static PostgresRoles.Cluster postgres;

    @TempDir
    Path dataDir;

    private String url;
    private PostgresRoles.Roles roles;
    private PaymentProviderServer server;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = PostgresRoles.Cluster.start("provider_roles");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void databaseWithTwoRoles() throws SQLException {
        PostgresRoles.RolesDatabase database = postgres.newDatabase();
        url = database.url();
        roles = database.roles();
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
        assertThat(postgres.ownerOf(url, "charges")).isEqualTo(roles.migrator());
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
