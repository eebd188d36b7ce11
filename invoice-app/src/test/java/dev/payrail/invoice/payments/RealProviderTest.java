package dev.payrail.invoice.payments;

import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.invoice.resources.Http;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.auth.jwt.KeyGen;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.PaymentClient;
import dev.payrail.payment.client.jwt.SelfSignedJwtTokenProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * invoice-app paying through the real payment-client against the real provider, both on loopback, and the
 * provider's own ledger as the judge of "never charged twice".
 */
class RealProviderTest {
    @TempDir
    Path providerDir;
    @TempDir
    Path invoiceDir;
    @TempDir
    Path keyDir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** A signing key as the deploy script makes it: invoice-app signs with the PEM, the provider trusts the JWK Set. */
    private void keygen() {
        if (keyDir.resolve("jwks.json").toFile().exists()) {
            return;
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int status = KeyGen.run(List.of("--out", keyDir.toString(), "--kid", "test-kid"), print, print,
                Clock.systemUTC());
        assertThat(status).as(sink.toString(StandardCharsets.UTF_8)).isZero();
    }

    private PaymentProviderServer provider(Map<String, String> settings) {
        keygen();
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", providerDir.toString(), "SHUTDOWN_TIMEOUT_MS", "3000",
                "AUTH_JWKS", keyDir.resolve("jwks.json").toString(), "AUTH_ISSUER", "invoice-app",
                "AUTH_ALLOWED_SUBJECTS", "invoice-app"));
        env.putAll(settings);
        PaymentProviderServer server = PaymentProviderServer.start(ProviderConfig.fromEnvironment(env));
        running.add(server);
        return server;
    }

    private Http invoiceApp(PaymentProviderServer provider, Map<String, String> settings) {
        Map<String, String> env = TestConfigs.environment(invoiceDir, provider.baseUri().toString());
        env.put("AUTH_PRIVATE_KEY_FILE", keyDir.resolve("private-key.pem").toString());
        env.put("AUTH_KEY_ID", "test-kid");
        env.putAll(settings);
        InvoiceAppServer server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env));
        running.add(server);
        return new Http(server.baseUri());
    }

    private static Map<String, Long> countByStatus(Http app) {
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode invoice : json(app.get("/rest/v1/invoices"))) {
            counts.merge(invoice.get("status").asText(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Every attempt we recorded agrees with the provider's charge for its key, no invoice has two SUCCEEDED
     * charges at the provider, and an invoice is PAID exactly when it has one.
     */
    private void assertLedgerAgrees(Http app, PaymentProviderServer provider) throws SQLException {
        // The provider's answer to GET /v1/charges?idempotencyKey=..., asked through the SDK with a signed token.
        try (PaymentClient client = PaymentClient.builder()
                .baseUri(provider.baseUri())
                .tokenProvider(SelfSignedJwtTokenProvider.builder()
                        .privateKeyPem(keyDir.resolve("private-key.pem")).keyId("test-kid")
                        .issuer("invoice-app").subject("invoice-app").build())
                .build()) {
            for (JsonNode invoice : json(app.get("/rest/v1/invoices"))) {
                long id = invoice.get("id").asLong();
                int succeeded = 0;
                for (JsonNode attempt : json(app.get("/rest/v1/invoices/" + id + "/attempts"))) {
                    String key = attempt.get("idempotencyKey").asText();
                    Optional<Charge> charge = client.findByIdempotencyKey(IdempotencyKey.of(key));
                    String outcome = attempt.get("outcome").asText();
                    if (outcome.equals("NOT_CHARGED")) {
                        assertThat(charge).as("no charge for %s", key).isEmpty();
                        continue;
                    }
                    assertThat(charge).as("charge for %s: %s", key, attempt).isPresent();
                    assertThat(charge.get().invoiceId()).isEqualTo(Long.toString(id));
                    assertThat(charge.get().status().name()).as("provider's outcome for %s", key).isEqualTo(outcome);
                    assertThat(charge.get().id()).isEqualTo(attempt.get("chargeId").asText());
                    if (charge.get().succeeded()) {
                        succeeded++;
                    }
                }
                assertThat(succeeded).as("successful charges of invoice %d", id)
                        .isEqualTo(invoice.get("status").asText().equals("PAID") ? 1 : 0);
            }
        }
        try (Connection ledger = DriverManager.getConnection(
                "jdbc:sqlite:" + providerDir.resolve(ProviderConfig.SQLITE_FILE));
             Statement statement = ledger.createStatement();
             ResultSet twice = statement.executeQuery("SELECT invoice_id FROM charges WHERE status = 'SUCCEEDED'"
                     + " GROUP BY invoice_id HAVING COUNT(*) > 1")) {
            assertThat(twice.next()).as("an invoice charged successfully twice in the provider's ledger").isFalse();
        }
    }

    @Test
    void payingHalfSucceedsDeclinedStayPendingAndRerunsPayTheRestOnce() throws SQLException {
        PaymentProviderServer provider = provider(Map.of("SUCCESS_RATE", "0.5", "RANDOM_SEED", "7"));
        Http app = invoiceApp(provider, Map.of("SEED_CUSTOMERS", "20", "SEED_INVOICES_PER_CUSTOMER", "10"));

        assertThat(app.post("/rest/v1/invoices/pay").body()).isEqualTo("false");

        Map<String, Long> afterOne = countByStatus(app);
        assertThat(afterOne.getOrDefault("PAID", 0L)).isBetween(60L, 140L);
        assertThat(afterOne.getOrDefault("PAID", 0L) + afterOne.getOrDefault("PENDING", 0L)).isEqualTo(200);
        JsonNode pending = json(app.get("/rest/v1/invoices?status=PENDING&limit=1")).get(0);
        JsonNode declined = json(app.get("/rest/v1/invoices/" + pending.get("id").asLong() + "/attempts"));
        assertThat(declined).hasSize(1);
        assertThat(declined.get(0).get("outcome").asText()).isEqualTo("DECLINED");
        assertThat(declined.get(0).get("declineCode").asText()).isNotBlank();

        int runs = 1;
        String allPaid = "false";
        while (!allPaid.equals("true") && runs < 25) {
            allPaid = app.post("/rest/v1/invoices/pay").body();
            runs++;
        }
        assertThat(allPaid).as("all paid after %d runs", runs).isEqualTo("true");
        assertThat(countByStatus(app)).containsExactly(Map.entry("PAID", 200L));
        assertLedgerAgrees(app, provider);
    }

    @Test
    void answersLostInTransitAreReconciledWithTheProviderAndNeverChargedTwice() throws Exception {
        PaymentProviderServer slow = provider(Map.of("SUCCESS_RATE", "0.5", "RANDOM_SEED", "11",
                "FAULT_LATENCY_MS", "700"));
        Map<String, String> impatient = Map.of("SEED_CUSTOMERS", "4", "SEED_INVOICES_PER_CUSTOMER", "5",
                "PAYMENT_PROVIDER_READ_TIMEOUT_MS", "150", "PAYMENT_PROVIDER_MAX_RETRIES", "0", "PAY_CONCURRENCY", "20");
        Http app = invoiceApp(slow, impatient);

        JsonNode run = json(app.post("/rest/v1/payment-runs?wait=true"));

        assertThat(run.get("unknown").asLong()).isEqualTo(20);
        assertThat(countByStatus(app)).containsExactly(Map.entry("PROCESSING", 20L));
        // The provider goes on to charge them after its latency; then everything restarts without the fault.
        Thread.sleep(1_500);
        stopAll();
        running.clear();

        PaymentProviderServer provider = provider(Map.of("SUCCESS_RATE", "0.5", "RANDOM_SEED", "11"));
        Http restarted = invoiceApp(provider, Map.of());
        JsonNode second = json(restarted.post("/rest/v1/payment-runs?wait=true"));

        assertThat(second.get("reconciled").asLong()).isEqualTo(20);
        assertThat(second.get("unknown").asLong()).isZero();
        long paidBySecondRun = countByStatus(restarted).getOrDefault("PAID", 0L);
        assertThat(second.get("paid").asLong()).isEqualTo(paidBySecondRun);
        JsonNode firstAttempt = json(restarted.get("/rest/v1/invoices/1/attempts")).get(0);
        assertThat(firstAttempt.get("idempotencyKey").asText()).isEqualTo("inv-1-1");
        assertThat(firstAttempt.get("outcome").asText()).isIn("SUCCEEDED", "DECLINED");
        assertThat(firstAttempt.get("errorCode").isNull()).isTrue();
        assertLedgerAgrees(restarted, provider);
    }

    @Test
    void unavailableProviderLeavesOutcomesUnknownUntilALaterRunSettlesThemUnderTheirOwnKeys() throws SQLException {
        PaymentProviderServer flaky = provider(Map.of("SUCCESS_RATE", "1", "FAULT_ERROR_RATE", "0.4"));
        Http app = invoiceApp(flaky, Map.of("SEED_CUSTOMERS", "10", "SEED_INVOICES_PER_CUSTOMER", "5",
                "PAYMENT_PROVIDER_MAX_RETRIES", "0"));

        JsonNode first = json(app.post("/rest/v1/payment-runs?wait=true"));
        assertThat(first.get("unknown").asLong()).isPositive();

        String allPaid = "false";
        for (int run = 0; run < 30 && !allPaid.equals("true"); run++) {
            allPaid = app.post("/rest/v1/invoices/pay").body();
        }
        assertThat(allPaid).isEqualTo("true");
        // Every charge succeeds here, so an unknown outcome is settled by looking its key up or by sending the same
        // request again under that key: no invoice ever needs a second key.
        for (JsonNode invoice : json(app.get("/rest/v1/invoices"))) {
            long id = invoice.get("id").asLong();
            assertThat(json(app.get("/rest/v1/invoices/" + id + "/attempts")))
                    .as("attempts of invoice %d", id).singleElement()
                    .satisfies(attempt -> {
                        assertThat(attempt.get("idempotencyKey").asText()).isEqualTo("inv-" + id + "-1");
                        assertThat(attempt.get("outcome").asText()).isEqualTo("SUCCEEDED");
                    });
        }
        // Judged by a fault-free replica of the provider on the same ledger.
        assertLedgerAgrees(app, provider(Map.of()));
    }

    @Test
    void twoReplicasOnOnePostgresPayingAtOnceNeverChargeAnInvoiceTwice() throws SQLException {
        PaymentProviderServer provider = provider(Map.of("SUCCESS_RATE", "0.5", "RANDOM_SEED", "3"));
        String database = TestDatabases.newPostgresDatabase();
        Map<String, String> replica = Map.of("DATABASE_URL", database, "DATABASE_USER", "postgres",
                "SEED_CUSTOMERS", "20", "SEED_INVOICES_PER_CUSTOMER", "10");
        Http first = invoiceApp(provider, replica);
        Http second = invoiceApp(provider, replica);

        for (int round = 0; round < 2; round++) {
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> first.post("/rest/v1/invoices/pay").body());
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> second.post("/rest/v1/invoices/pay").body());
            a.join();
            b.join();
        }

        Map<String, Long> counts = countByStatus(first);
        assertThat(counts.getOrDefault("PAID", 0L)).isGreaterThan(100);
        assertThat(counts.getOrDefault("PAID", 0L) + counts.getOrDefault("PENDING", 0L)).isEqualTo(200);
        assertLedgerAgrees(first, provider);
    }
}
