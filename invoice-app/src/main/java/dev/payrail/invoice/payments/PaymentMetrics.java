package dev.payrail.invoice.payments;

import dev.payrail.invoice.core.AttemptOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The payment engine's meters: attempts by outcome and run durations. */
public final class PaymentMetrics {
    private final Map<AttemptOutcome, Counter> attempts = new EnumMap<>(AttemptOutcome.class);
    private final Counter reconciled;
    private final Timer runs;

    public PaymentMetrics(MeterRegistry registry) {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            if (outcome != AttemptOutcome.IN_FLIGHT) {
                attempts.put(outcome, Counter.builder("invoice_payment_attempts")
                        .description("Charge attempts recorded, by outcome")
                        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry));
            }
        }
        reconciled = Counter.builder("invoice_payment_reconciliations")
                .description("Attempts of unknown outcome resolved with the provider")
                .register(registry);
        runs = Timer.builder("invoice_payment_run_duration")
                .description("How long payment runs took")
                .register(registry);
    }

    void attempt(AttemptOutcome outcome) {
        attempts.get(outcome).increment();
    }

    void reconciled() {
        reconciled.increment();
    }

    void run(Duration duration) {
        runs.record(duration);
    }
}
