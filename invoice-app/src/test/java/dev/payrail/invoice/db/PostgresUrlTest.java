package dev.payrail.invoice.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.payment.client.testing.FakePayments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** invoice-app started with the kind of URL a managed PostgreSQL hands out, on a real (embedded) server. */
class PostgresUrlTest {
    @TempDir
    Path directory;

    @Test
    void startsOnAPostgresqlUrlAndConnectsAsTheUserInIt() throws Exception {
        String adminUrl = TestDatabases.newPostgresDatabase();
        Matcher hostPort = Pattern.compile("jdbc:postgresql://([^/]+)/").matcher(adminUrl);
        assertThat(hostPort.find()).isTrue();
        try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE invoice_owner LOGIN PASSWORD 'p@ss:w/rd'");
            statement.execute("CREATE DATABASE owned_invoices OWNER invoice_owner");
        }
        Map<String, String> env = TestConfigs.environment(directory, "http://127.0.0.1:9");
        env.put("DATABASE_URL", "postgresql://invoice_owner:p%40ss%3Aw%2Frd@" + hostPort.group(1)
                + "/owned_invoices?sslmode=disable&ApplicationName=url-test");
        env.put("SEED_CUSTOMERS", "3");
        env.put("SEED_INVOICES_PER_CUSTOMER", "2");
        InvoiceAppConfig config = InvoiceAppConfig.fromEnvironment(env);

        try (InvoiceAppServer server = InvoiceAppServer.start(config, new FakePayments())) {
            HttpResponse<String> invoices = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.baseUri().resolve(URI.create("rest/v1/invoices"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(invoices.statusCode()).isEqualTo(200);
            assertThat(invoices.body()).contains("\"id\":6");
        }
        try (Connection admin = DriverManager.getConnection(
                adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/owned_invoices$1"), "postgres", "");
             Statement statement = admin.createStatement();
             ResultSet owner = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'invoices'")) {
            assertThat(owner.next()).isTrue();
            assertThat(owner.getString(1)).as("the schema was created by the URL's user").isEqualTo("invoice_owner");
        }
    }
}
