package dev.payrail.payment.client;

import dev.payrail.payment.api.ErrorCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every retry decision of the client, in one place. Retries only what is safe to repeat with the same
 * idempotency key: failures without a response (connection refused or reset, timeouts), {@code 409
 * idempotency_key_in_use}, {@code 429} and {@code 5xx}. Waits grow exponentially from the initial backoff with
 * equal jitter (half fixed, half random, so concurrent callers spread out but never hammer), capped at the
 * maximum backoff; a {@code Retry-After} is honoured, capped at the same maximum so one answer cannot stall a
 * caller for minutes.
 *
 * <p>Clock, sleeper and randomness are injected so that tests of many retries run in milliseconds.
 */
final class Retrier {
    private static final System.Logger LOG = System.getLogger(Retrier.class.getName());

    /** Sleeps for real. */
    static final Sleeper THREAD_SLEEPER = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    Retrier(int maxRetries, Duration initialBackoff, Duration maxBackoff, LongSupplier nanoClock, Sleeper sleeper,
            DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails in a way that must not be retried, or the retries are spent.
     *
     * @param idempotencyKey the call's key, for messages; {@code null} for calls without one
     * @return the value of the first successful attempt
     * @throws PaymentException describing the last failure, with the number of attempts and the time spent
     */
    <T> T call(String idempotencyKey, Supplier<Outcome<T>> attempt) {
        return call(idempotencyKey, false, attempt);
    }

    /**
     * As {@link #call(String, Supplier)}, for a request that charges: once an attempt's outcome is unknown (no
     * answer, a 5xx, an unreadable body, {@code idempotency_key_in_use}), a later attempt's refusal ({@code 429}
     * from a gateway, {@code 401}, any {@code 4xx}) says nothing about that earlier request, which may have
     * charged. The call then ends in {@link PaymentUnavailableException} (outcome unknown), never in an exception
     * that means "nothing was charged".
     */
    <T> T callCharging(String idempotencyKey, Supplier<Outcome<T>> attempt) {
        return call(idempotencyKey, true, attempt);
    }

    private <T> T call(String idempotencyKey, boolean charging, Supplier<Outcome<T>> attempt) {
        long started = nanoClock.getAsLong();
        Outcome.Failure<T> unknownOutcome = null;
        for (int attempts = 1; ; attempts++) {
            Outcome<T> outcome = attempt.get();
            if (outcome instanceof Outcome.Success<T> success) {
                return success.value();
            }
            Outcome.Failure<T> failure = (Outcome.Failure<T>) outcome;
            if (attempts > maxRetries || !retryable(failure)) {
                Diagnosis diagnosis = diagnosis(idempotencyKey, attempts, started);
                if (charging && unknownOutcome != null && !outcomeUnknown(failure)) {
                    throw new PaymentUnavailableException(failure.status(), failure.code(),
                            "payment-provider outcome unknown", failure.requestId(),
                            diagnosis.withReason("attempt refused (" + failure.detail() + ") after an earlier attempt"
                                    + " got no usable answer (" + unknownOutcome.status() + " "
                                    + unknownOutcome.code() + ") and may have charged"), failure.cause());
                }
                throw Failures.toException(failure, diagnosis);
            }
            if (outcomeUnknown(failure)) {
                unknownOutcome = failure;
            }
            Duration delay = delayBeforeRetry(attempts, failure);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "payment-provider attempt " + attempts + " of " + (maxRetries + 1)
                        + " failed (" + failure.status() + " " + failure.code() + ", request id " + failure.requestId()
                        + ", idempotency key " + idempotencyKey + "); retrying in " + delay.toMillis() + " ms");
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentUnavailableException(0, "interrupted",
                        "interrupted while waiting " + delay.toMillis() + " ms to retry", null,
                        diagnosis(idempotencyKey, attempts, started), e);
            }
        }
    }

    /** Whether the failure may be retried with the same idempotency key. */
    static boolean retryable(Outcome.Failure<?> failure) {
        return switch (failure.kind()) {
            case TRANSPORT -> true;
            case RESPONSE -> failure.status() == 429
                    || failure.status() >= 500
                    || failure.is(ErrorCode.IDEMPOTENCY_KEY_IN_USE);
            case UNREADABLE, TOKEN -> false;
        };
    }

    /**
     * Whether a failed attempt may still have charged: no response, a {@code 5xx} or another status outside the
     * contract, an unreadable body, or {@code idempotency_key_in_use} (a request under this key is being processed).
     * These are exactly the failures {@link Failures} reports as {@link PaymentUnavailableException}, plus in_use.
     */
    static boolean outcomeUnknown(Outcome.Failure<?> failure) {
        return switch (failure.kind()) {
            case TRANSPORT, UNREADABLE -> true;
            case RESPONSE -> failure.status() >= 500 || failure.status() < 400
                    || failure.is(ErrorCode.IDEMPOTENCY_KEY_IN_USE);
            case TOKEN -> false;
        };
    }

    /**
     * The wait before the retry that follows attempt number {@code attempts} (1 for the first retry):
     * {@code initial * 2^(attempts-1)}, capped, with equal jitter; at least the {@code Retry-After}, itself capped.
     */
    Duration delayBeforeRetry(int attempts, Outcome.Failure<?> failure) {
        long capNanos = maxBackoff.toNanos();
        long exponential = initialBackoff.toNanos();
        for (int i = 1; i < attempts && exponential < capNanos; i++) {
            exponential *= 2;
        }
        long backoff = Math.min(exponential, capNanos);
        long jittered = backoff / 2 + (long) (random.getAsDouble() * (backoff - backoff / 2));
        if (failure.retryAfter() != null) {
            long retryAfter = Math.min(failure.retryAfter().toNanos(), capNanos);
            jittered = Math.max(jittered, retryAfter);
        }
        return Duration.ofNanos(jittered);
    }

    int maxRetries() {
        return maxRetries;
    }

    private Diagnosis diagnosis(String idempotencyKey, int attempts, long started) {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - started);
        return new Diagnosis(idempotencyKey, attempts, elapsedMillis, null);
    }

    /** Waits between attempts; a test passes one that only records. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }
}
