package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real legacy callers, replayed from their requests (src/test/resources/fixtures/legacy): the original Antaeus
 * on {@code POST /rest/v1/charge} and the Go invoice-app on {@code POST /payments/pay}.
 */
class LegacyCallersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    /** One recorded request. */
    record Recorded(String path, String contentType, String body) {
        boolean namesNoCurrency() {
            JsonNode currency = parse(body).get("currency");
            return currency != null && currency.isObject() && currency.isEmpty();
        }
    }

    @Test
    void realAntaeusRequestsAreAllPaidInOnePayCallAtFullSuccessRate() {
        List<Recorded> antaeus = fixture("antaeus-requests.jsonl").stream().filter(Recorded::namesNoCurrency).toList();
        assertThat(antaeus).hasSize(5);
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "1")) {
            Http http = new Http(provider.baseUri());

            List<Reply> replies = antaeusPayCall(http, antaeus);

            assertThat(replies).hasSize(5).allSatisfy(reply -> {
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                assertThat(reply.body()).isEqualTo("{\"result\":true}");
            });
            // A customer first seen this way is booked in LEGACY_DEFAULT_CURRENCY, then in the currency it now has.
            assertThat(http.get("/v1/customers/1").json().get("currency").asText()).isEqualTo("EUR");
            String metrics = http.get("/metrics").body();
            assertThat(metric(metrics, "payrail_legacy_currency_inferred_total{source=\"default\"}")).isEqualTo(1);
            assertThat(metric(metrics, "payrail_legacy_currency_inferred_total{source=\"customer\"}")).isEqualTo(4);
            assertThat(metric(metrics, "payrail_charges_total{status=\"succeeded\"}")).isEqualTo(5);
        }
    }

    @Test
    void realAntaeusRequestIsBookedInTheRegisteredCustomersCurrencyWithItsTwoDecimalsExactly() {
        Recorded first = fixture("antaeus-requests.jsonl").stream().filter(Recorded::namesNoCurrency).findFirst()
                .orElseThrow();
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "1",
                "LEGACY_DEFAULT_CURRENCY", "GBP")) {
            Http http = new Http(provider.baseUri());
            http.put("/v1/customers/1", "{\"currency\":\"DKK\"}");

            Reply reply = send(http, first);

            assertThat(reply.body()).isEqualTo("{\"result\":true}");
            assertThat(http.get("/v1/customers/1").json().get("currency").asText()).isEqualTo("DKK");
            String metrics = http.get("/metrics").body();
            assertThat(metric(metrics, "payrail_legacy_currency_inferred_total{source=\"customer\"}")).isEqualTo(1);
            assertThat(metric(metrics, "payrail_legacy_currency_inferred_total{source=\"default\"}")).isZero();
        }
    }

    @Test
    void realAntaeusPaysEverythingOverSeveralCallsAtHalfSuccessRateEachStoppingAtItsFirstDecline() {
        List<Recorded> antaeus = fixture("antaeus-requests.jsonl").stream().filter(Recorded::namesNoCurrency).toList();
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "0.5")) {
            Http http = new Http(provider.baseUri());
            List<Recorded> pending = new ArrayList<>(antaeus);
            int calls = 0;
            int declines = 0;
            while (!pending.isEmpty() && calls < 200) {
                calls++;
                List<Reply> replies = antaeusPayCall(http, pending);
                for (int i = 0; i < replies.size(); i++) {
                    Reply reply = replies.get(i);
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                    boolean last = i == replies.size() - 1;
                    assertThat(reply.json().get("result").asBoolean()).as("only a call's last answer is false")
                            .isEqualTo(!last || reply.json().get("result").asBoolean());
                }
                int paid = (int) replies.stream().filter(r -> r.json().get("result").asBoolean()).count();
                declines += replies.size() - paid;
                pending.subList(0, paid).clear();
            }

            assertThat(pending).as("pending after %d pay calls", calls).isEmpty();
            String metrics = http.get("/metrics").body();
            assertThat(metric(metrics, "payrail_charges_total{status=\"succeeded\"}")).isEqualTo(5);
            assertThat(metric(metrics, "payrail_charges_total{status=\"declined\"}")).isEqualTo(declines);
        }
    }

    @Test
    void antaeusBuiltWithLaterOrgJsonIsBookedInTheCurrencyItNames() {
        List<Recorded> later = fixture("antaeus-requests.jsonl").stream().filter(r -> !r.namesNoCurrency()).toList();
        assertThat(later).hasSize(8);
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "1")) {
            Http http = new Http(provider.baseUri());

            assertThat(antaeusPayCall(http, later)).hasSize(8)
                    .allSatisfy(reply -> assertThat(reply.body()).isEqualTo("{\"result\":true}"));
            assertThat(http.get("/v1/customers/1").json().get("currency").asText()).isEqualTo("USD");
            assertThat(http.get("/v1/customers/2").json().get("currency").asText()).isEqualTo("DKK");
            String metrics = http.get("/metrics").body();
            assertThat(metric(metrics, "payrail_legacy_currency_inferred_total{source=\"default\"}")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"go-invoice-app-recorded.jsonl", "go-invoice-app-requests.jsonl"})
    void goInvoiceAppRequestsArePaidOnceEachAndAnswerTheFirstOutcomeWhenRepeated(String fixture) {
        List<Recorded> requests = fixture(fixture);
        assertThat(requests).isNotEmpty();
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "0.5")) {
            Http http = new Http(provider.baseUri());
            Map<String, Reply> first = new LinkedHashMap<>();
            for (Recorded request : requests) {
                first.put(request.body(), send(http, request));
            }
            for (Recorded request : requests) {
                Reply again = send(http, request);
                Reply original = first.get(request.body());
                assertThat(again.status()).isEqualTo(original.status());
                assertThat(again.body()).isEqualTo(original.body());
            }

            long paid = first.values().stream().filter(reply -> reply.status() == 200).count();
            assertThat(first.values()).allSatisfy(reply -> {
                assertThat(reply.status()).as(reply.toString()).isIn(200, 402);
            });
            for (Recorded request : requests) {
                assertThat(first.get(request.body()).json().get("id").asText())
                        .isEqualTo(parse(request.body()).get("id").asText());
            }
            String metrics = http.get("/metrics").body();
            assertThat(metric(metrics, "payrail_charges_total{status=\"succeeded\"}")).isEqualTo(paid);
            assertThat(metric(metrics, "payrail_charges_total{status=\"declined\"}"))
                    .isEqualTo(requests.size() - paid);
        }
    }

    @Test
    void manyKeepAliveClientsOnBothLegacyEndpointsAreAllAnswered() throws Exception {
        int clients = 32;
        int perClient = 8;
        try (PaymentProviderServer provider = legacyProvider("SUCCESS_RATE", "0.5")) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<List<HttpResponse<String>>>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    results.add(pool.submit(() -> {
                        // One client, one keep-alive connection, requests one after another, alternating endpoints.
                        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                        List<HttpResponse<String>> replies = new ArrayList<>();
                        for (int i = 0; i < perClient; i++) {
                            String path = i % 2 == 0 ? "/payments/pay" : "/rest/v1/charge";
                            String body = i % 2 == 0
                                    ? "{\"id\":\"C" + client + "-" + i + "\",\"value\":12.15,\"currency\":\"EUR\"}"
                                    : "{\"currency\":{},\"customer_id\":" + client + ",\"value\":227.43}";
                            replies.add(http.send(HttpRequest.newBuilder(provider.baseUri().resolve(path))
                                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString()));
                        }
                        return replies;
                    }));
                }
                List<HttpResponse<String>> all = new ArrayList<>();
                for (Future<List<HttpResponse<String>>> result : results) {
                    all.addAll(result.get());
                }

                assertThat(all).hasSize(clients * perClient).allSatisfy(reply -> {
                    if (reply.uri().getPath().equals("/payments/pay")) {
                        assertThat(reply.statusCode()).as(reply.body()).isIn(200, 402);
                    } else {
                        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                        assertThat(reply.body()).isIn("{\"result\":true}", "{\"result\":false}");
                    }
                });
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private PaymentProviderServer legacyProvider(String... keyValues) {
        List<String> env = new ArrayList<>(List.of("LEGACY_API", "true"));
        env.addAll(List.of(keyValues));
        return Providers.sqlite(dataDir.resolve("p" + System.nanoTime()), env.toArray(String[]::new));
    }

    /** What one Antaeus pay call does: charge each pending invoice in order, stop at the first false. */
    private static List<Reply> antaeusPayCall(Http http, List<Recorded> pending) {
        List<Reply> replies = new ArrayList<>();
        for (Recorded request : pending) {
            Reply reply = send(http, request);
            replies.add(reply);
            if (reply.status() != 200 || !reply.json().get("result").asBoolean()) {
                break;
            }
        }
        return replies;
    }

    private static Reply send(Http http, Recorded request) {
        return http.post(request.path(), request.contentType(), request.body());
    }

    static List<Recorded> fixture(String name) {
        try (InputStream in = LegacyCallersTest.class.getResourceAsStream("/fixtures/legacy/" + name)) {
            List<Recorded> recorded = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode json = parse(line);
                    recorded.add(new Recorded(json.get("path").asText(), json.get("content_type").asText(),
                            json.get("body").asText()));
                }
            }
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of one Prometheus sample, 0 when absent. */
    private static long metric(String exposition, String sample) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(exposition);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
