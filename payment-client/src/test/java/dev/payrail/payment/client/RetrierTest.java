package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The retry decisions, with a fake clock and sleeper: many retries run in microseconds. */
class RetrierTest {
    private final FakeTime time = new FakeTime();

    private Retrier retrier(int maxRetries, DoubleSupplier random) {
        return new Retrier(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(5), time::nanoTime, time, random);
    }

    private static Outcome.Failure<String> transport() {
        return new Outcome.Failure<>(Outcome.Failure.Kind.TRANSPORT, 0, "connection_failed", null,
                "SocketException Connection reset", null, null, null);
    }

    private static Outcome.Failure<String> response(int status, String code, Duration retryAfter) {
        return new Outcome.Failure<>(Outcome.Failure.Kind.RESPONSE, status, code, "req_" + status, "detail", null,
                retryAfter, null);
    }

    /** Answers the outcomes in order and counts the attempts. */
    private static final class Script implements Supplier<Outcome<String>> {
        private final Deque<Outcome<String>> outcomes;
        int attempts;

        @SafeVarargs
        Script(Outcome<String>... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
        }

        @Override
        public Outcome<String> get() {
            attempts++;
            return outcomes.size() > 1 ? outcomes.poll() : outcomes.peek();
        }
    }

    @Test
    void fiveRetriesRunInMillisecondsWithExponentialCappedBackoff() {
        Script script = new Script(transport());
        long started = System.nanoTime();

        assertThatThrownBy(() -> retrier(5, () -> 0.999_999).call("inv-42-1", script))
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessage("payment-provider unavailable after 6 attempts over 12499 ms (last: connection_failed: "
                        + "SocketException Connection reset, no request id, idempotency key inv-42-1)");

        assertThat(script.attempts).isEqualTo(6);
        assertThat(time.sleeps()).extracting(Duration::toMillis).containsExactly(499L, 999L, 1999L, 3999L, 4999L);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void equalJitterWaitsBetweenHalfAndAllOfTheBackoff() {
        Retrier lowest = retrier(3, () -> 0.0);
        Retrier highest = retrier(3, () -> 0.999_999_999);

        for (int attempt = 1; attempt <= 6; attempt++) {
            long backoff = Math.min(500L << (attempt - 1), 5000L);
            assertThat(lowest.delayBeforeRetry(attempt, transport())).isEqualTo(Duration.ofMillis(backoff / 2));
            assertThat(highest.delayBeforeRetry(attempt, transport()).toMillis()).isBetween(backoff - 1, backoff);
        }
    }

    @Test
    void retryAfterIsHonouredAndCapped() {
        Retrier retrier = retrier(3, () -> 0.0);

        assertThat(retrier.delayBeforeRetry(1, response(429, "rate_limited", Duration.ofSeconds(3))))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(retrier.delayBeforeRetry(1, response(503, "unavailable", Duration.ofHours(1))))
                .as("capped at the maximum backoff").isEqualTo(Duration.ofSeconds(5));
        assertThat(retrier.delayBeforeRetry(4, response(503, "unavailable", Duration.ZERO)))
                .as("never shorter than the backoff").isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void retriesOnlyWhatIsSafeToRepeat() {
        assertThat(Retrier.retryable(transport())).isTrue();
        assertThat(Retrier.retryable(response(429, "rate_limited", null))).isTrue();
        assertThat(Retrier.retryable(response(500, "internal_error", null))).isTrue();
        assertThat(Retrier.retryable(response(502, "http_502", null))).isTrue();
        assertThat(Retrier.retryable(response(503, "unavailable", null))).isTrue();
        assertThat(Retrier.retryable(response(409, "idempotency_key_in_use", null))).isTrue();

        assertThat(Retrier.retryable(response(409, "idempotency_key_reused", null))).isFalse();
        assertThat(Retrier.retryable(response(400, "invalid_request", null))).isFalse();
        assertThat(Retrier.retryable(response(401, "unauthorized", null))).isFalse();
        assertThat(Retrier.retryable(response(404, "customer_not_found", null))).isFalse();
        assertThat(Retrier.retryable(response(422, "currency_mismatch", null))).isFalse();
        assertThat(Retrier.retryable(new Outcome.Failure<>(Outcome.Failure.Kind.UNREADABLE, 201,
                "malformed_response", null, "x", null, null, null))).isFalse();
    }

    @Test
    void failThenSucceedReturnsTheValueAfterSleeping() {
        Script script = new Script(transport(), response(503, "unavailable", null), new Outcome.Success<>("charged"));

        assertThat(retrier(2, () -> 0.0).<String>call("k", script)).isEqualTo("charged");
        assertThat(script.attempts).isEqualTo(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void notRetryableFailureIsThrownAtOnceAsItsType() {
        Script script = new Script(response(404, "customer_not_found", null));

        assertThatThrownBy(() -> retrier(5, () -> 0.0).call("k", script))
                .isInstanceOf(CustomerNotFoundException.class)
                .hasMessage("detail (404 customer_not_found, request id req_404, idempotency key k)");
        assertThat(script.attempts).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        Script script = new Script(response(503, "unavailable", null));

        assertThatThrownBy(() -> retrier(0, () -> 0.0).call(null, script))
                .hasMessage("payment-provider unavailable (503 unavailable, request id req_503)");
        assertThat(script.attempts).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingStopsAndKeepsTheInterruptFlag() {
        List<Duration> slept = new ArrayList<>();
        Retrier interrupted = new Retrier(3, Duration.ofMillis(500), Duration.ofSeconds(5), time::nanoTime,
                duration -> {
                    slept.add(duration);
                    throw new InterruptedException();
                }, () -> 0.0);
        try {
            assertThatThrownBy(() -> interrupted.call("k", new Script(transport())))
                    .asInstanceOf(type(PaymentUnavailableException.class))
                    .satisfies(e -> assertThat(e.code()).isEqualTo("interrupted"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(slept).hasSize(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void chargeRefusedAfterAnAttemptWithoutAnswerIsUnknownNotRateLimited() {
        // The first request may have charged; the gateway's 429 to the retries says nothing about it.
        Script script = new Script(transport(), response(429, "rate_limited", Duration.ofSeconds(1)));

        assertThatThrownBy(() -> retrier(2, () -> 0.0).callCharging("inv-42-1", script))
                .asInstanceOf(type(PaymentUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.getMessage()).isEqualTo("payment-provider outcome unknown after 3 attempts over"
                            + " 1250 ms (last: 429 rate_limited: attempt refused (detail) after an earlier attempt"
                            + " got no usable answer (0 connection_failed) and may have charged, request id req_429,"
                            + " idempotency key inv-42-1)");
                });
        assertThat(script.attempts).isEqualTo(3);
    }

    @Test
    void chargeRefusedAfterA5xxIsUnknownEvenWhenTheRefusalIsNotRetried() {
        Script script = new Script(response(503, "unavailable", null), response(401, "unauthorized", null));

        assertThatThrownBy(() -> retrier(2, () -> 0.0).callCharging("inv-42-1", script))
                .asInstanceOf(type(PaymentUnavailableException.class))
                .satisfies(e -> assertThat(e.status()).isEqualTo(401));
        assertThat(script.attempts).isEqualTo(2);
    }

    @Test
    void chargeRefusedEveryTimeIsStillTheRefusal() {
        Script script = new Script(response(429, "rate_limited", null));

        assertThatThrownBy(() -> retrier(2, () -> 0.0).callCharging("inv-42-1", script))
                .isInstanceOf(RateLimitedException.class);
        assertThat(script.attempts).isEqualTo(3);
    }

    @Test
    void lookupRefusedAfterATimeoutIsTheRefusal() {
        // A lookup charges nothing, so an earlier attempt without answer changes nothing about the refusal.
        Script script = new Script(transport(), response(429, "rate_limited", null));

        assertThatThrownBy(() -> retrier(2, () -> 0.0).call("inv-42-1", script))
                .isInstanceOf(RateLimitedException.class);
    }
}
