package dev.payrail.invoice;

import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.invoice.resources.Http;
import dev.payrail.payment.client.testing.FakePayments;
import dev.payrail.server.StartupWait;
import dev.payrail.server.testing.PostgresRoles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
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
 * The split of docs/database.md: invoice-app migrates as DATABASE_MIGRATION_USER and serves as a DATABASE_USER that
 * may not CREATE, on a PostgreSQL that checks passwords (embedded PostgreSQL trusts everyone otherwise).
 */
class LeastPrivilegeRolesTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path hbaDir;
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    private String url;
    private PostgresRoles.Roles roles;
    private InvoiceAppServer server;

    @BeforeAll
    static void startPostgres() throws IOException {
        hbaDir = Files.createTempDirectory("invoice-roles-hba");
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
        String name = "invoice_roles_" + DATABASES.incrementAndGet();
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
        assertThat(ownerOf("invoices")).isEqualTo(roles.migrator());
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

    private String ownerOf(String table) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                Statement sql = admin.createStatement();
                ResultSet owner = sql.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = '" + table
                        + "'")) {
            assertThat(owner.next()).isTrue();
            return owner.getString(1);
        }
    }
}
