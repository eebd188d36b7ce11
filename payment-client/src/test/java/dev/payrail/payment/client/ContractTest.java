package dev.payrail.payment.client;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK against the contract's examples: each stub of payment-api's {@code contract/} (the same files the
 * provider's replay test proves the real provider answers) is turned into the result or exception it promises.
 */
class ContractTest {
    @RegisterExtension
    static final WireMockExtension provider = ContractStubs.server();

    private static final FakeTime time = new FakeTime();
    private static PaymentClient client;

    @BeforeAll
    static void buildAndWarmUpClient() {
        client = clientWithToken("contract-token");
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

    static PaymentClient clientWithToken(String token) {
        return PaymentClient.builder()
                .baseUri(URI.create(provider.baseUrl()))
                .tokenProvider(TokenProvider.of(token))
                .readTimeout(Duration.ofSeconds(5))
                .maxRetries(2)
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .nanoClock(time::nanoTime)
                .sleeper(time)
                .random(() -> 0.0)
                .build();
    }

    private static ChargeRequest request(String customer, String invoice, long amount) {
        return new ChargeRequest(customer, invoice, amount, "USD");
    }

    private static ChargeRequest request(String customer, String invoice) {
        return request(customer, invoice, 18404);
    }

    @Test
    void successfulChargeReturnsTheCharge() {
        Charge charge = client.charge(request("cust-ok", "inv-1"), IdempotencyKey.of("contract-succeeded"));

        assertThat(charge).isEqualTo(new Charge("ch_3f9c1d2e8a7b4c5d", ChargeStatus.SUCCEEDED, "cust-ok", "inv-1",
                18404, "USD", null, Instant.parse("2026-11-21T10:15:30Z")));
        provider.verify(postRequestedFor(urlEqualTo("/v1/charges"))
                .withHeader("Authorization", equalTo("Bearer contract-token"))
                .withHeader("Idempotency-Key", equalTo("contract-succeeded"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void declineIsAnOutcomeNotAnError() {
        Charge charge = client.charge(request("cust-poor", "inv-2", 5000), IdempotencyKey.of("contract-declined"));

        assertThat(charge.status()).isEqualTo(ChargeStatus.DECLINED);
        assertThat(charge.declineCode()).isEqualTo("insufficient_funds");
        assertThat(charge.succeeded()).isFalse();
    }

    @Test
    void replayReturnsTheStoredCharge() {
        Charge charge = client.charge(request("cust-ok", "inv-3", 700), IdempotencyKey.of("contract-replayed"));

        assertThat(charge.id()).isEqualTo("ch_5b1e3f4a0c9d6e7f");
        assertThat(charge.amount()).isEqualTo(700);
    }

    @Test
    void http400BecomesInvalidRequestNamingTheField() {
        ContractStubs.serveResponseOfChargeStub(provider, "charge-invalid-request", "served-invalid");

        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-4"), IdempotencyKey.of("served-invalid")))
                .asInstanceOf(type(InvalidRequestException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.field()).contains("amount");
                    assertThat(e.requestId()).isEqualTo("req_contract04");
                    assertThat(e.getMessage()).isEqualTo("amount must be between 1 and 99999999999 minor units, "
                            + "was 0 (400 invalid_request, request id req_contract04, idempotency key served-invalid)");
                });
        provider.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/charges")));
    }

    @Test
    void http401BecomesAuthenticationException() {
        try (PaymentClient refused = clientWithToken("not-a-valid-token")) {
            assertThatThrownBy(() -> refused.charge(request("cust-ok", "inv-5"),
                    IdempotencyKey.of("contract-unauthorized")))
                    .asInstanceOf(type(AuthenticationException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("unauthorized");
                        assertThat(e.requestId()).isEqualTo("req_contract05");
                    });
        }
        provider.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/charges")));
    }

    @Test
    void http404BecomesCustomerNotFound() {
        assertThatThrownBy(() -> client.charge(request("cust-unknown", "inv-6"),
                IdempotencyKey.of("contract-unknown-customer")))
                .isInstanceOf(CustomerNotFoundException.class)
                .hasMessage("customer cust-unknown is not registered (404 customer_not_found, "
                        + "request id req_contract06, idempotency key contract-unknown-customer)");
    }

    @Test
    void http422BecomesCurrencyMismatch() {
        assertThatThrownBy(() -> client.charge(request("cust-eur", "inv-7"), IdempotencyKey.of("contract-mismatch")))
                .asInstanceOf(type(CurrencyMismatchException.class))
                .satisfies(e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void reusedKeyIsAConflictAndIsNotRetried() {
        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-8", 200), IdempotencyKey.of("contract-reused")))
                .asInstanceOf(type(IdempotencyConflictException.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                    assertThat(e.inProgress()).isFalse();
                });
        provider.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/charges")));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void keyInUseIsRetriedWithTheSameKeyThenAConflictInProgress() {
        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-9"), IdempotencyKey.of("contract-in-use")))
                .asInstanceOf(type(IdempotencyConflictException.class))
                .satisfies(e -> {
                    assertThat(e.inProgress()).isTrue();
                    assertThat(e.getMessage()).contains("after 3 attempts over 150 ms (last: 409 idempotency_key_in_use");
                });
        provider.verify(exactly(3), postRequestedFor(urlEqualTo("/v1/charges"))
                .withHeader("Idempotency-Key", equalTo("contract-in-use")));
        // Equal jitter with the lowest random draw: half of 100 ms, then half of 200 ms.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void http413And415BecomeInvalidRequest() {
        ContractStubs.serveResponseOfChargeStub(provider, "charge-payload-too-large", "served-413");
        ContractStubs.serveResponseOfChargeStub(provider, "charge-unsupported-media-type", "served-415");

        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-10"), IdempotencyKey.of("served-413")))
                .asInstanceOf(type(InvalidRequestException.class))
                .satisfies(e -> assertThat(e.code()).isEqualTo("payload_too_large"));
        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-10"), IdempotencyKey.of("served-415")))
                .asInstanceOf(type(InvalidRequestException.class))
                .satisfies(e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void http429IsRetriedHonouringRetryAfterThenRateLimited() {
        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-11"),
                IdempotencyKey.of("contract-rate-limited")))
                .asInstanceOf(type(RateLimitedException.class))
                .satisfies(e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(e.status()).isEqualTo(429);
                });
        provider.verify(exactly(3), postRequestedFor(urlEqualTo("/v1/charges"))
                .withHeader("Idempotency-Key", equalTo("contract-rate-limited")));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void http503IsRetriedWithTheSameKeyThenUnavailableWithTheNumbers() {
        assertThatThrownBy(() -> client.charge(request("cust-ok", "inv-12"), IdempotencyKey.of("contract-unavailable")))
                .asInstanceOf(type(PaymentUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("unavailable");
                    assertThat(e.requestId()).isEqualTo("req_contract13");
                    assertThat(e.getMessage()).isEqualTo("payment-provider unavailable after 3 attempts over 2000 ms "
                            + "(last: 503 unavailable, request id req_contract13, idempotency key contract-unavailable)");
                });
        provider.verify(exactly(3), postRequestedFor(urlEqualTo("/v1/charges"))
                .withHeader("Idempotency-Key", equalTo("contract-unavailable")));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void lookupByKeyFindsTheCharge() {
        assertThat(client.findByIdempotencyKey(IdempotencyKey.of("contract-lookup")))
                .hasValueSatisfying(c -> assertThat(c.id()).isEqualTo("ch_6c2f4a5b1d0e7f8a"));
    }

    @Test
    void lookupByKeyIsEmptyWhenNoChargeWasMade() {
        assertThat(client.findByIdempotencyKey(IdempotencyKey.of("contract-never-used"))).isEmpty();
    }

    @Test
    void lookupByKeyOfARequestStillInFlightIsRetriedThenAConflict() {
        assertThatThrownBy(() -> client.findByIdempotencyKey(IdempotencyKey.of("contract-lookup-in-use")))
                .asInstanceOf(type(IdempotencyConflictException.class))
                .satisfies(e -> assertThat(e.inProgress()).isTrue());
        provider.verify(exactly(3), getRequestedFor(urlEqualTo("/v1/charges?idempotencyKey=contract-lookup-in-use")));
    }

    @Test
    void lookupRefusedAsInvalidIsAnInvalidRequest() {
        ContractStubs.serveResponseOf(provider, "lookup-by-key-missing", "/v1/charges?idempotencyKey=served-400");

        assertThatThrownBy(() -> client.findByIdempotencyKey(IdempotencyKey.of("served-400")))
                .asInstanceOf(type(InvalidRequestException.class))
                .satisfies(e -> assertThat(e.field()).contains("idempotencyKey"));
    }

    @Test
    void findChargeByIdAnswersTheChargeOrEmpty() {
        assertThat(client.findCharge("ch_7d3a5b6c2e1f8a9b"))
                .hasValueSatisfying(c -> assertThat(c.declineCode()).isEqualTo("insufficient_funds"));
        assertThat(client.findCharge("ch_doesnotexist")).isEmpty();
    }

    @Test
    void customersAreRegisteredFoundOrEmpty() {
        Customer registered = client.registerCustomer("cust-new", "EUR");

        assertThat(registered).isEqualTo(new Customer("cust-new", "EUR", Instant.parse("2026-11-21T10:15:30Z")));
        provider.verify(putRequestedFor(urlEqualTo("/v1/customers/cust-new")));
        assertThat(client.findCustomer("cust-known")).map(Customer::currency).isEqualTo(Optional.of("DKK"));
        assertThat(client.findCustomer("cust-missing")).isEmpty();
    }

    @Test
    void registeringInAnotherCurrencyIsACurrencyMismatch() {
        assertThatThrownBy(() -> client.registerCustomer("cust-sek", "NOK"))
                .isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("422 currency_mismatch");
    }
}
