package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Simulates an unreliable provider for testing clients ({@code FAULT_LATENCY_MS}, {@code FAULT_ERROR_RATE}).
 * Runs before authentication and before the body is read, so an injected {@code 503} has stored nothing and is
 * always safe to retry.
 */
@Priority(900)
public final class FaultInjectionFilter implements ContainerRequestFilter {
    private final Duration latency;
    private final double errorRate;

    public FaultInjectionFilter(Duration latency, double errorRate) {
        this.latency = latency;
        this.errorRate = errorRate;
    }

    public boolean isActive() {
        return !latency.isZero() || errorRate > 0;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate) {
            request.abortWith(Problems.builder(ErrorCode.UNAVAILABLE,
                            "injected fault (FAULT_ERROR_RATE=" + errorRate + "); nothing was processed", null)
                    .header(PaymentHeaders.RETRY_AFTER, "1")
                    .build());
        }
    }
}
