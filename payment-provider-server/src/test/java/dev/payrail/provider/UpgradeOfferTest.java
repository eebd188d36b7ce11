package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Providers;
import dev.payrail.provider.support.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HttpClient in its default configuration offers {@code Upgrade: h2c} on plain http (so does
 * {@code curl --http2}); every route family answers it at once and exactly as it answers an HTTP/1.1 client.
 */
class UpgradeOfferTest {
    private static final String CHARGE =
            "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}";

    @TempDir
    Path dataDir;

    @Test
    void everyRouteFamilyAnswersAnHttp2OfferAsItAnswersHttp11() throws Exception {
        try (PaymentProviderServer provider = Providers.sqlite(dataDir, "LEGACY_API", "true", "SUCCESS_RATE", "1")) {
            URI base = provider.baseUri();
            HttpClient offering = HttpClient.newHttpClient(); // default: HTTP/2, offered as h2c on plain http
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(offering.version()).isEqualTo(HttpClient.Version.HTTP_2);
            new Http(base).put("/v1/customers/17", "{\"currency\":\"USD\"}");

            List<HttpRequest> requests = List.of(
                    // The first of each pair of sends creates, the second replays: their bodies are the same.
                    post(base, "/v1/charges", CHARGE).header("Idempotency-Key", "upgrade-1").build(),
                    get(base, "/v1/charges?idempotencyKey=upgrade-1"),
                    get(base, "/v1/charges/ch_missing"),
                    get(base, "/v1/customers/17"),
                    post(base, "/v1/charges", "{\"amount\":").header("Idempotency-Key", "upgrade-2").build(),
                    HttpRequest.newBuilder(base.resolve("/v1/customers/17")).timeout(Duration.ofSeconds(10))
                            .build(), // no token: 401
                    get(base, "/health/live"),
                    get(base, "/health/ready"),
                    post(base, "/payments/pay", "{\"id\":\"U1\",\"value\":12.15,\"currency\":\"EUR\"}").build(),
                    post(base, "/payments/pay", "{\"id\":\"U1\",\"value\":-1,\"currency\":\"EUR\"}").build(),
                    post(base, "/rest/v1/charge", "{\"currency\":{},\"customer_id\":17,\"value\":227.43}").build(),
                    get(base, "/no/such/route"));
            for (HttpRequest request : requests) {
                HttpResponse<String> expected = plain.send(request, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> offered = offering.send(request, HttpResponse.BodyHandlers.ofString());

                String what = request.method() + " " + request.uri();
                assertThat(offered.version()).as(what).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(offered.statusCode()).as(what).isEqualTo(expected.statusCode());
                assertThat(offered.headers().firstValue("content-type")).as(what)
                        .isPresent().isEqualTo(expected.headers().firstValue("content-type"));
                assertThat(withoutRequestIds(offered.body())).as(what).isEqualTo(withoutRequestIds(expected.body()));
            }
            HttpResponse<String> metrics = offering.send(get(base, "/metrics"), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).contains("payrail_charges_total");
        }
    }

    /** Problem bodies carry the request's own id. */
    private static String withoutRequestIds(String body) {
        return body.replaceAll("req_[0-9a-f]{16}", "req_…");
    }

    private static HttpRequest.Builder post(URI base, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", TestAuth.authorizationHeader()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", TestAuth.authorizationHeader()).build();
    }
}
