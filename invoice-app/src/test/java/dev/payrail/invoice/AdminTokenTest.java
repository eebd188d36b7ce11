package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.invoice.resources.Http;
import dev.payrail.payment.client.testing.FakePayments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With ADMIN_TOKEN set, POSTs (operator actions) need it as a bearer token; reads and health stay open. */
class AdminTokenTest {
    private static final String TOKEN = "operator-token-0123456789abcdef";

    @TempDir
    Path dataDir;
    private InvoiceAppServer server;

    @BeforeEach
    void start() {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", "2");
        env.put("SEED_INVOICES_PER_CUSTOMER", "3");
        env.put("ADMIN_TOKEN", TOKEN);
        server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), new FakePayments());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Held to the published document like every API test: a 401 must be the one it describes. */
    private HttpResponse<String> send(String method, String path, String authorization) {
        Http http = new Http(server.baseUri());
        if (authorization != null) {
            http = http.withHeader("Authorization", authorization);
        }
        return method.equals("POST") ? http.post(path) : http.get(path);
    }

    @Test
    void postsWithoutTheTokenOrWithAnotherAreRefusedWithProblemAndPayNothing() {
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x",
            "Bearer " + TOKEN.substring(1), TOKEN, "Basic " + TOKEN}) {
            for (String path : new String[] {"/rest/v1/payment-runs", "/rest/v1/invoices/pay"}) {
                HttpResponse<String> refused = send("POST", path, authorization);

                String what = path + " with " + authorization + ": " + refused.headers().map() + " " + refused.body();
                assertThat(refused.statusCode()).as(what).isEqualTo(401);
                assertThat(refused.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer");
                assertThat(refused.body()).contains("\"code\":\"unauthorized\"").doesNotContain(TOKEN);
            }
        }
        assertThat(send("GET", "/rest/v1/invoices?status=PENDING", null).body()).contains("\"id\":6");
        assertThat(send("GET", "/rest/v1/invoices?status=PAID", null).body()).isEqualTo("[]");
    }

    @Test
    void postsWithTheTokenAreServed() {
        assertThat(send("POST", "/rest/v1/payment-runs?wait=true", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void readsAndHealthStayOpen() {
        for (String path : new String[] {"/rest/health", "/rest/v1/invoices", "/rest/v1/customers", "/health/live",
            "/health/ready", "/metrics"}) {
            assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void startPaymentRunSendsAdminToken() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(StartPaymentRun.run(new String[] {server.baseUri().toString()}, "wrong-token-0123456789", o, e))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered 401");
        assertThat(StartPaymentRun.run(new String[] {server.baseUri().toString()}, TOKEN, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"id\":\"run_");
    }

    @Test
    void aShortAdminTokenStopsStartUpWithoutShowingIt() {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("ADMIN_TOKEN", "secret-short");

        assertThatThrownBy(() -> InvoiceAppConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessage("ADMIN_TOKEN must be at least 16 characters, was 12 characters");
        env.put("ADMIN_TOKEN", TOKEN);
        assertThat(InvoiceAppConfig.fromEnvironment(env).toString()).contains("adminToken=****")
                .doesNotContain(TOKEN);
    }
}
