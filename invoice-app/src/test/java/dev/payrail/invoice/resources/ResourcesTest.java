package dev.payrail.invoice.resources;

import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.Payments;
import dev.payrail.payment.client.testing.FakePayments;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a running service (real SQLite, in-memory provider), request by request. */
class ResourcesTest {
    @TempDir
    Path dataDir;

    private InvoiceAppServer server;
    private final FakePayments provider = new FakePayments();
    private final CountDownLatch chargesMayProceed = new CountDownLatch(1);
    private volatile boolean gated;

    /** The fake, with charges held back while {@link #gated}, to catch a run in progress. */
    private final Payments payments = new Payments() {
        @Override
        public Charge charge(ChargeRequest request, IdempotencyKey key) {
            if (gated) {
                try {
                    chargesMayProceed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return provider.charge(request, key);
        }

        @Override
        public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
            return provider.findByIdempotencyKey(key);
        }

        @Override
        public Optional<Charge> findCharge(String chargeId) {
            return provider.findCharge(chargeId);
        }

        @Override
        public Customer registerCustomer(String customerId, String currency) {
            return provider.registerCustomer(customerId, currency);
        }

        @Override
        public Optional<Customer> findCustomer(String customerId) {
            return provider.findCustomer(customerId);
        }
    };

    private Http start(int customers, int invoicesPerCustomer) {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", Integer.toString(customers));
        env.put("SEED_INVOICES_PER_CUSTOMER", Integer.toString(invoicesPerCustomer));
        server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), payments);
        return new Http(server.baseUri());
    }

    @AfterEach
    void stop() {
        chargesMayProceed.countDown();
        if (server != null) {
            server.close();
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String field) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("type").asText()).isEqualTo("https://payrail.dev/problems/" + code);
        assertThat(problem.path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
        assertThat(problem.path("requestId").asText()).startsWith("req_")
                .isEqualTo(response.headers().firstValue("Request-Id").orElseThrow());
    }

    @Test
    void antaeusHealthAnswersTheJsonStringOk() {
        HttpResponse<String> response = start(1, 1).get("/rest/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"ok\"");
    }

    @Test
    void invoicesAreABareArrayInAntaeusShapeWithTheCurrencysDecimals() {
        Http http = start(3, 4);

        HttpResponse<String> response = http.get("/rest/v1/invoices");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode invoices = json(response);
        assertThat(invoices.isArray()).isTrue();
        assertThat(invoices).hasSize(12);
        JsonNode first = invoices.get(0);
        assertThat(fieldNames(first)).containsExactly("id", "customerId", "amount", "status");
        assertThat(fieldNames(first.get("amount"))).containsExactly("value", "currency");
        assertThat(first.get("id").asLong()).isEqualTo(1);
        assertThat(first.get("customerId").asLong()).isEqualTo(1);
        assertThat(first.get("status").asText()).isEqualTo("PENDING");
        assertThat(first.get("amount").get("value").isNumber()).isTrue();
        assertThat(response.body()).containsPattern("\"value\":\\d{2,3}\\.\\d{2},\"currency\":\"(EUR|USD|DKK|SEK|GBP)\"");

        JsonNode one = json(http.get("/rest/v1/invoices/1"));
        assertThat(one).isEqualTo(first);
    }

    @Test
    void customersAreABareArrayAndFoundById() {
        Http http = start(3, 1);

        JsonNode customers = json(http.get("/rest/v1/customers"));

        assertThat(customers).hasSize(3);
        assertThat(fieldNames(customers.get(0))).containsExactly("id", "currency");
        assertThat(json(http.get("/rest/v1/customers/2"))).isEqualTo(customers.get(1));
        assertProblem(http.get("/rest/v1/customers/99"), 404, "customer_not_found", null);
        assertProblem(http.breakingTheContract().get("/rest/v1/customers/abc"), 400, "invalid_request", "id");
    }

    @Test
    void unknownIdsAre404AndMalformedOnes400NeverA500() {
        Http http = start(1, 1);

        assertProblem(http.get("/rest/v1/invoices/999"), 404, "invoice_not_found", null);
        assertProblem(http.get("/rest/v1/invoices/999/attempts"), 404, "invoice_not_found", null);
        assertProblem(http.get("/rest/v1/payment-runs/run_0123456789abcdef"), 404, "payment_run_not_found", null);
        // Requests the document forbids: only the answers are held to it.
        Http invalid = http.breakingTheContract();
        assertProblem(invalid.get("/rest/v1/invoices/abc"), 400, "invalid_request", "id");
        assertProblem(invalid.get("/rest/v1/invoices/-1"), 400, "invalid_request", "id");
        assertProblem(invalid.get("/rest/v1/invoices/99999999999999999999"), 400, "invalid_request", "id");
        assertProblem(invalid.get("/rest/v1/payment-runs/nope"), 400, "invalid_request", "id");
        assertProblem(invalid.get("/rest/v2/nothing"), 404, "not_found", null);
        assertProblem(invalid.post("/rest/v1/invoices/1"), 405, "method_not_allowed", null);
    }

    @Test
    void invoicesPageByKeyAndFilterByStatus() {
        Http http = start(2, 5);

        HttpResponse<String> firstPage = http.get("/rest/v1/invoices?limit=4");
        assertThat(json(firstPage)).extracting(node -> node.get("id").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(firstPage.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains("after=4").contains("rel=\"next\""));
        assertThat(json(http.get("/rest/v1/invoices?limit=4&after=8")))
                .extracting(node -> node.get("id").asLong()).containsExactly(9L, 10L);
        assertThat(json(http.get("/rest/v1/invoices?after=8"))).hasSize(2);
        assertThat(json(http.get("/rest/v1/invoices?status=PENDING"))).hasSize(10);
        assertThat(json(http.get("/rest/v1/invoices?status=PAID"))).isEmpty();

        Http invalid = http.breakingTheContract();
        assertProblem(invalid.get("/rest/v1/invoices?status=SETTLED"), 400, "invalid_request", "status");
        assertProblem(invalid.get("/rest/v1/invoices?limit=0"), 400, "invalid_request", "limit");
        assertProblem(invalid.get("/rest/v1/invoices?limit=x"), 400, "invalid_request", "limit");
        assertProblem(invalid.get("/rest/v1/invoices?after=-3"), 400, "invalid_request", "after");
    }

    @Test
    void payAnswersTrueOnlyWhenEveryInvoiceEndedPaid() {
        Http http = start(2, 3);
        provider.declineCustomer("2", "insufficient_funds");

        HttpResponse<String> first = http.post("/rest/v1/invoices/pay");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("false");
        assertThat(json(http.get("/rest/v1/invoices?status=PAID"))).hasSize(3);
        assertThat(json(http.get("/rest/v1/invoices?status=PENDING"))).hasSize(3);

        provider.succeedEveryCharge();
        assertThat(http.post("/rest/v1/invoices/pay").body()).isEqualTo("true");
        assertThat(json(http.get("/rest/v1/invoices?status=PAID"))).hasSize(6);
        assertThat(provider.charges()).hasSize(9);
    }

    @Test
    void aPaymentRunStartsAtOnceAndReportsItsSummaryWhenDone() {
        Http http = start(2, 5);

        HttpResponse<String> started = http.post("/rest/v1/payment-runs");

        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode run = json(started);
        String id = run.get("id").asText();
        assertThat(id).matches("run_[0-9a-f]{16}");
        assertThat(run.get("state").asText()).isEqualTo("RUNNING");
        assertThat(started.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/rest/v1/payment-runs/" + id));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get("/rest/v1/payment-runs/" + id)).get("state").asText()).isEqualTo("COMPLETED"));
        JsonNode summary = json(http.get("/rest/v1/payment-runs/" + id));
        assertThat(summary.get("total").asLong()).isEqualTo(10);
        assertThat(summary.get("done").asLong()).isEqualTo(10);
        assertThat(summary.get("attempted").asLong()).isEqualTo(10);
        assertThat(summary.get("paid").asLong()).isEqualTo(10);
        assertThat(summary.get("finishedAt").isTextual()).isTrue();

        JsonNode attempts = json(http.get("/rest/v1/invoices/3/attempts"));
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("idempotencyKey").asText()).isEqualTo("inv-3-1");
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(attempts.get(0).get("runId").asText()).isEqualTo(id);
        assertThat(attempts.get(0).get("chargeId").asText()).startsWith("ch_");
    }

    @Test
    void waitingForARunAnswersItsSummary() {
        Http http = start(1, 3);
        provider.declineEveryCharge("do_not_honor");

        HttpResponse<String> response = http.post("/rest/v1/payment-runs?wait=true");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode summary = json(response);
        assertThat(summary.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(summary.get("attempted").asLong()).isEqualTo(3);
        assertThat(summary.get("declined").asLong()).isEqualTo(3);
        assertThat(summary.get("paid").asLong()).isZero();
        assertThat(fieldNames(summary)).contains("id", "startedAt", "finishedAt", "attempted", "paid", "declined",
                "failed", "unknown");
        assertProblem(http.breakingTheContract().post("/rest/v1/payment-runs?wait=maybe"), 400, "invalid_request",
                "wait");
    }

    @Test
    void aSecondRunWhileOneIsGoingIsAConflictAndTheFirstShowsProgress() {
        Http http = start(1, 3);
        gated = true;
        String id = json(http.post("/rest/v1/payment-runs")).get("id").asText();

        assertProblem(http.post("/rest/v1/payment-runs"), 409, "payment_run_in_progress", null);
        JsonNode progress = json(http.get("/rest/v1/payment-runs/" + id));
        assertThat(progress.get("state").asText()).isEqualTo("RUNNING");
        assertThat(progress.get("total").asLong()).isEqualTo(3);
        assertThat(progress.get("done").asLong()).isZero();
        assertThat(progress.has("rate")).isTrue();

        chargesMayProceed.countDown();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get("/rest/v1/payment-runs/" + id)).get("paid").asLong()).isEqualTo(3));
    }

    @Test
    void healthAndMetrics() {
        Http http = start(2, 2);
        http.post("/rest/v1/invoices/pay");

        assertThat(json(http.get("/health/live")).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("database").asText()).isEqualTo("UP");
        assertThat(json(ready).get("paymentProvider").asText()).as("nothing listens on port 1").isEqualTo("DOWN");

        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("invoice_invoices{status=\"paid\"} 4.0")
                .contains("invoice_invoices{status=\"pending\"} 0.0")
                .contains("invoice_payment_attempts_total{outcome=\"succeeded\"} 4.0")
                .contains("invoice_payment_run_duration_seconds_count 1")
                .contains("invoice_payment_runs{state=\"completed\"} 1.0")
                .contains("invoice_payment_runs{state=\"failed\"} 0.0")
                .contains("invoice_payment_run_latest_state{state=\"completed\"} 1.0")
                .contains("invoice_payment_run_latest_state{state=\"running\"} 0.0")
                .contains("invoice_payment_run_progress_ratio 1.0")
                .contains("invoice_payment_unknown_outcomes 0.0")
                .contains("hikaricp_connections_max{pool=\"invoice-app\"}")
                .contains("http_server_requests_seconds_bucket{method=\"POST\",route=\"/rest/v1/invoices/pay\","
                        + "status=\"200\",le=\"0.1\"}");
        double lastSuccess = metrics.body().lines()
                .filter(l -> l.startsWith("invoice_payment_run_last_success_timestamp_seconds "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
        assertThat(lastSuccess).as("the run just finished").isCloseTo(System.currentTimeMillis() / 1000.0,
                org.assertj.core.data.Offset.offset(60.0));
    }

    @Test
    void theServicePublishesItsOwnDocumentAsJsonAndYaml() {
        Http http = start(1, 1);

        HttpResponse<String> json = http.get("/openapi.json");
        HttpResponse<String> yaml = http.get("/openapi.yaml");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.body()).isEqualTo(Http.document());
        assertThat(json(json).at("/info/title").asText()).isEqualTo("payrail invoice-app API");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(yaml.body()).startsWith("openapi: 3.0.1").contains("title: payrail invoice-app API")
                .contains("/rest/v1/invoices/{id}/attempts:");
        String etag = json.headers().firstValue("ETag").orElseThrow();
        assertThat(http.withHeader("If-None-Match", etag).get("/openapi.json").statusCode()).isEqualTo(304);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
