package dev.payrail.invoice.resources;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HttpClient in its default configuration offers {@code Upgrade: h2c} on plain http; every route family
 * answers it exactly as it answers an HTTP/1.1 client (same status, Content-Type and body).
 */
class UpgradeOfferTest {
    @TempDir
    Path dataDir;

    @Test
    void everyRouteFamilyAnswersAnHttp2OfferAsItAnswersHttp11() throws Exception {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", "2");
        env.put("SEED_INVOICES_PER_CUSTOMER", "2");
        try (InvoiceAppServer server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env),
                new FakePayments())) {
            URI base = server.baseUri();
            HttpClient offering = HttpClient.newHttpClient(); // default: HTTP/2, offered as h2c on plain http
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(offering.version()).isEqualTo(HttpClient.Version.HTTP_2);

            List<HttpRequest> requests = List.of(
                    get(base, "/rest/v1/invoices"),
                    get(base, "/rest/v1/invoices/1"),
                    get(base, "/rest/v1/invoices/999999"),
                    get(base, "/rest/v1/customers"),
                    get(base, "/rest/v1/customers/1"),
                    get(base, "/rest/health"),
                    get(base, "/health/live"),
                    get(base, "/no/such/route"),
                    HttpRequest.newBuilder(base.resolve("/rest/v1/invoices/pay")).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.noBody()).build());
            // Pay once first, so that paying again answers the same with either client.
            plain.send(requests.get(requests.size() - 1), HttpResponse.BodyHandlers.ofString());
            for (HttpRequest request : requests) {
                HttpResponse<String> offered = offering.send(request, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> expected = plain.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(offered.version()).as(request.uri().toString()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(offered.statusCode()).as(request.uri().toString()).isEqualTo(expected.statusCode());
                assertThat(offered.headers().firstValue("content-type")).as(request.uri().toString())
                        .isPresent().isEqualTo(expected.headers().firstValue("content-type"));
                assertThat(withoutRequestIds(offered.body())).as(request.uri().toString())
                        .isEqualTo(withoutRequestIds(expected.body()));
            }
        }
    }

    /** Problem bodies carry the request's own id. */
    private static String withoutRequestIds(String body) {
        return body.replaceAll("req_[0-9a-f]{16}", "req_…");
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build();
    }
}
