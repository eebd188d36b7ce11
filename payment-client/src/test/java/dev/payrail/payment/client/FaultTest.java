package dev.payrail.payment.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.IdempotencyKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults only a stub can produce (the contract's {@code fault-*} stubs) and retries over real HTTP. Whatever
 * the network or a proxy does, the caller sees one of the {@link PaymentException} family, never a Jersey,
 * httpclient, Jackson or I/O exception.
 */
class FaultTest {
    private static final String CHARGE = "/v1/charges";

    @RegisterExtension
    static final WireMockExtension provider = ContractStubs.server();

    private static final FakeTime time = new FakeTime();
    private static PaymentClient client;

    @BeforeAll
    static void buildAndWarmUpClient() {
        client = client(URI.create(provider.baseUrl()), TokenProvider.of("contract-token"));
        // The first call pays for class loading on both sides; keep it out of the timeout tests.
        assertThat(client.findCustomer("cust-missing")).isEmpty();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void resetTimeAndJournal() {
        time.reset();
        provider.resetRequests();
    }

    private static PaymentClient client(URI baseUri, TokenProvider tokens) {
        return PaymentClient.builder()
                .baseUri(baseUri)
                .tokenProvider(tokens)
                .connectTimeout(Duration.ofSeconds(2))
                // The contract's slow stub answers after 5 s.
                .readTimeout(Duration.ofMillis(1500))
                .maxRetries(2)
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .nanoClock(time::nanoTime)
                .sleeper(time)
                .random(() -> 0.0)
                .build();
    }

    private static ChargeRequest request(String invoice) {
        return new ChargeRequest("cust-ok", invoice, 18404, "USD");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // stub key,                   invoice, status, code,               attempts
        "contract-fault-reset,         inv-90,  0,      connection_failed,  3",
        "contract-fault-no-response,   inv-91,  0,      connection_failed,  3",
        "contract-fault-slow,          inv-92,  0,      timeout,            3",
        "contract-fault-malformed,     inv-93,  201,    malformed_response, 1",
        "contract-fault-truncated,     inv-94,  201,    malformed_response, 1",
        "contract-fault-chunk,         inv-95,  200,    malformed_response, 1",
        "contract-fault-empty,         inv-96,  201,    malformed_response, 1",
        "contract-fault-html,          inv-97,  502,    http_502,           3",
        "contract-fault-shape,         inv-98,  201,    malformed_response, 1",
    })
    void everyFaultBecomesPaymentUnavailableAndOnlyTransportAnd5xxAreRetried(String key, String invoice, int status,
            String code, int attempts) {
        assertThatThrownBy(() -> client.charge(request(invoice), IdempotencyKey.of(key)))
                .asInstanceOf(type(PaymentUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains("idempotency key " + key);
                    if (status == 0) {
                        assertThat(e.getMessage()).contains("no request id");
                        assertThat(e.requestId()).isNull();
                    }
                    if (attempts > 1) {
                        assertThat(e.getMessage()).contains("after " + attempts + " attempts");
                    }
                });
        provider.verify(exactly(attempts), postRequestedFor(urlEqualTo(CHARGE))
                .withHeader("Idempotency-Key", equalTo(key)));
    }

    @Test
    void htmlErrorPageIsDescribedNotParsed() {
        assertThatThrownBy(() -> client.charge(request("inv-97"), IdempotencyKey.of("contract-fault-html")))
                .hasMessage("payment-provider unavailable after 3 attempts over 150 ms (last: 502 http_502: "
                        + "a 103-byte text/html body, not problem+json, request id req_contract31, "
                        + "idempotency key contract-fault-html)");
    }

    @Test
    void retriesTransportErrorsWithTheSameIdempotencyKey() {
        stubSequence("flaky-reset", "key-reset-then-ok",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE),
                created("ch_after_reset"));

        Charge charge = client.charge(request("inv-1"), IdempotencyKey.of("key-reset-then-ok"));

        assertThat(charge.id()).isEqualTo("ch_after_reset");
        provider.verify(exactly(3), postRequestedFor(urlEqualTo(CHARGE))
                .withHeader("Idempotency-Key", equalTo("key-reset-then-ok")));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void retries5xxUntilTheProviderRecovers() {
        stubSequence("flaky-503", "key-503-then-ok",
                aResponse().withStatus(503).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"code\":\"unavailable\",\"status\":503,\"detail\":\"busy\"}"),
                created("ch_after_503"));

        assertThat(client.charge(request("inv-1"), IdempotencyKey.of("key-503-then-ok")).id())
                .isEqualTo("ch_after_503");
        provider.verify(exactly(2), postRequestedFor(urlEqualTo(CHARGE))
                .withHeader("Idempotency-Key", equalTo("key-503-then-ok")));
    }

    @Test
    void refusedConnectionIsUnavailableWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (PaymentClient nowhere = client(URI.create("http://127.0.0.1:" + closedPort), TokenProvider.of("t"))) {
            assertThatThrownBy(() -> nowhere.charge(request("inv-1"), IdempotencyKey.of("inv-1-1")))
                    .asInstanceOf(type(PaymentUnavailableException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.code()).isEqualTo("connection_failed");
                        assertThat(e.requestId()).isNull();
                        assertThat(e.getMessage()).startsWith("payment-provider unavailable after 3 attempts");
                    });
        }
    }

    @Test
    void failingTokenProviderIsAnAuthenticationErrorAndNothingIsSent() {
        TokenProvider broken = () -> {
            throw new IllegalStateException("vault sealed");
        };
        try (PaymentClient unauthenticated = client(URI.create(provider.baseUrl()), broken)) {
            assertThatThrownBy(() -> unauthenticated.charge(request("inv-1"), IdempotencyKey.of("inv-1-1")))
                    .asInstanceOf(type(AuthenticationException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.code()).isEqualTo("token_unavailable");
                        assertThat(e.getMessage()).contains("vault sealed");
                    });
        }
        provider.verify(exactly(0), postRequestedFor(urlEqualTo(CHARGE)));
    }

    @Test
    void tokenIsAskedForOnEveryRequest() {
        int[] calls = {0};
        try (PaymentClient rotating = client(URI.create(provider.baseUrl()),
                TokenProvider.fromSupplier(() -> "token-" + (++calls[0])))) {
            rotating.findByIdempotencyKey(IdempotencyKey.of("contract-never-used"));
            rotating.findByIdempotencyKey(IdempotencyKey.of("contract-never-used"));
        }
        provider.verify(exactly(1), com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/v1/charges?idempotencyKey=contract-never-used"))
                .withHeader("Authorization", equalTo("Bearer token-2")));
    }

    @Test
    void closedClientRefusesCalls() {
        PaymentClient closed = client(URI.create(provider.baseUrl()), TokenProvider.of("t"));
        closed.close();
        closed.close();

        assertThatThrownBy(() -> closed.findCharge("ch_1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String id) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_ok")
                .withBody("{\"id\":\"" + id + "\",\"status\":\"SUCCEEDED\",\"customerId\":\"cust-ok\","
                        + "\"invoiceId\":\"inv-1\",\"amount\":18404,\"currency\":\"USD\",\"declineCode\":null,"
                        + "\"createdAt\":\"2026-11-21T10:15:30Z\"}");
    }

    /** Answers the responses in order to charges with {@code key}. */
    private static void stubSequence(String scenario, String key,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "after-" + (i + 1);
            provider.stubFor(post(urlEqualTo(CHARGE)).withHeader("Idempotency-Key", equalTo(key))
                    .inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]).willSetStateTo(next));
            state = next;
        }
    }
}
