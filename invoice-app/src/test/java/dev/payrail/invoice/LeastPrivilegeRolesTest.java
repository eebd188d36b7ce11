package dev.payrail.invoice;

import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.invoice.resources.Http;
import dev.payrail.payment.client.testing.FakePayments;
import dev.payrail.server.StartupWait;
import dev.payrail.server.testing.PostgresRoles;
import java.io.IOException;
import java.net.http.HttpResponse;
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
 * The split of docs/database.md: invoice-app migrates as DATABASE_MIGRATION_USER and serves as a DATABASE_USER that
 * may not CREATE, on a PostgreSQL that checks passwords (embedded PostgreSQL trusts everyone otherwise).
 */
class LeastPrivilegeRolesTest {
    private static PostgresRoles.Cluster postgres;

    @TempDir
    Path dataDir;

    private String url;
    private PostgresRoles.Roles roles;
    private InvoiceAppServer server;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = PostgresRoles.Cluster.start("invoice_roles");
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

    private InvoiceAppConfig config(String migrationPassword) {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("DATABASE_URL", url);
        env.put("DATABASE_USER", roles.runtime());
        env.put("DATABASE_PASSWORD", roles.runtimePassword());
        env.put("DATABASE_MIGRATION_USER", roles.migrator());
        env.put("DATABASE_MIGRATION_PASSWORD", migrationPassword);
        env.put("SEED_CUSTOMERS", "2");
        env.put("SEED_INVOICES_PER_CUSTOMER", "3");
        env.put("DB_STARTUP_TIMEOUT_SECONDS", "2");
        env.put("DB_CONNECTION_TIMEOUT_MS", "1000");
        return InvoiceAppConfig.fromEnvironment(env);
    }

    @Test
    void migratesAsTheMigrationRoleAndPaysAsARuntimeRoleThatCannotCreate() throws SQLException {
        server = InvoiceAppServer.start(config(roles.migratorPassword()), new FakePayments());
        Http http = new Http(server.baseUri());

        assertThat(http.get("/rest/v1/invoices").statusCode()).isEqualTo(200);
        HttpResponse<String> run = http.post("/rest/v1/payment-runs?wait=true");
        assertThat(run.statusCode()).as(run.body()).isBetween(200, 201);
        JsonNode invoices = json(http.get("/rest/v1/invoices"));
        assertThat(invoices).hasSize(6).allSatisfy(invoice -> assertThat(invoice.get("status").asText())
                .isEqualTo("PAID"));
        assertThat(PostgresRoles.sqlStateOf(url, roles.runtime(), roles.runtimePassword(),
                "CREATE TABLE x (id INTEGER)")).as("insufficient_privilege").isEqualTo("42501");
        assertThat(postgres.ownerOf(url, "invoices")).isEqualTo(roles.migrator());
    }

    @Test
    void aWrongMigrationPasswordStopsStartUpWithAMessageWithoutThePassword() {
        String wrong = "wrong-" + roles.migratorPassword();
        InvoiceAppConfig config = config(wrong);

        assertThatThrownBy(() -> server = InvoiceAppServer.start(config, new FakePayments()))
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
