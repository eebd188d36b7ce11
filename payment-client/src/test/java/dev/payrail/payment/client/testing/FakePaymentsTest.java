package dev.payrail.payment.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.CurrencyMismatchException;
import dev.payrail.payment.client.CustomerNotFoundException;
import dev.payrail.payment.client.IdempotencyConflictException;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FakePaymentsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private final FakePayments payments = new FakePayments(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ChargeRequest invoice42 = new ChargeRequest("17", "42", 18404, "USD");
    private final IdempotencyKey key = IdempotencyKey.of("inv-42-1");

    @Test
    void chargesSucceedByDefault() {
        Charge charge = payments.charge(invoice42, key);

        assertThat(charge.status()).isEqualTo(ChargeStatus.SUCCEEDED);
        assertThat(charge.createdAt()).isEqualTo(NOW);
        assertThat(payments.findCharge(charge.id())).contains(charge);
    }

    @Test
    void declinesWithTheProgrammedCode() {
        payments.declineCustomer("17", "card_declined");

        assertThat(payments.charge(invoice42, key).declineCode()).isEqualTo("card_declined");
        assertThat(payments.charge(new ChargeRequest("18", "43", 1, "USD"), IdempotencyKey.of("inv-43-1"))
                .succeeded()).isTrue();

        payments.declineEveryCharge("insufficient_funds");
        assertThat(payments.charge(new ChargeRequest("18", "44", 1, "USD"), IdempotencyKey.of("inv-44-1"))
                .declineCode()).isEqualTo("insufficient_funds");
    }

    @Test
    void sameKeyAndRequestReturnTheSameCharge() {
        Charge first = payments.charge(invoice42, key);

        assertThat(payments.charge(invoice42, key)).isEqualTo(first);
        assertThat(payments.charges()).containsExactly(first);
        assertThat(payments.chargeCalls()).hasSize(2);
    }

    @Test
    void sameKeyWithAnotherRequestIsAConflict() {
        payments.charge(invoice42, key);

        assertThatThrownBy(() -> payments.charge(new ChargeRequest("17", "42", 1, "USD"), key))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining("409 idempotency_key_reused");
    }

    @Test
    void failsNTimesThenSucceedsRecordingEveryCall() {
        payments.failNextCharges(2, new PaymentUnavailableException(503, "unavailable", "down", "req_1", null));

        assertThatThrownBy(() -> payments.charge(invoice42, key)).isInstanceOf(PaymentUnavailableException.class);
        assertThatThrownBy(() -> payments.charge(invoice42, key)).isInstanceOf(PaymentUnavailableException.class);
        assertThat(payments.charge(invoice42, key).succeeded()).isTrue();
        assertThat(payments.chargeCalls()).extracting(FakePayments.ChargeCall::key).containsOnly(key).hasSize(3);
        assertThat(payments.charges()).hasSize(1);
    }

    @Test
    void throwsAnyExceptionOfTheFamily() {
        RateLimitedException limited = new RateLimitedException("slow down", "req_9", Duration.ofSeconds(3));
        payments.failNextCharges(1, limited);

        assertThatThrownBy(() -> payments.charge(invoice42, key)).isSameAs(limited);
    }

    @Test
    void lostAnswerIsResolvedByTheIdempotencyKey() {
        payments.chargeThenFailNext(1);

        assertThatThrownBy(() -> payments.charge(invoice42, key)).isInstanceOf(PaymentUnavailableException.class);
        assertThat(payments.findByIdempotencyKey(key)).hasValueSatisfying(c -> assertThat(c.invoiceId()).isEqualTo("42"));
        assertThat(payments.findByIdempotencyKey(IdempotencyKey.of("never"))).isEmpty();
    }

    @Test
    void customersKeepTheirCurrencyLikeTheProvider() {
        payments.registerCustomer("17", "EUR");

        assertThatThrownBy(() -> payments.charge(invoice42, key)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> payments.registerCustomer("17", "USD")).isInstanceOf(CurrencyMismatchException.class);
        assertThat(payments.findCustomer("17")).hasValueSatisfying(c -> assertThat(c.currency()).isEqualTo("EUR"));
    }

    @Test
    void unknownCustomersAreRefusedWhenRequired() {
        payments.requireKnownCustomers();

        assertThatThrownBy(() -> payments.charge(invoice42, key)).isInstanceOf(CustomerNotFoundException.class);
        payments.registerCustomer("17", "USD");
        assertThat(payments.charge(invoice42, key).succeeded()).isTrue();
    }
}
