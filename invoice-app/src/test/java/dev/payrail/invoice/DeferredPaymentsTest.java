package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.PaymentClient;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.TokenProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredPaymentsTest {
    private final AtomicInteger builds = new AtomicInteger();

    private PaymentClient build() {
        builds.incrementAndGet();
        // Nothing listens on the discard port: every call fails fast without an answer.
        return PaymentClient.builder().baseUri(URI.create("http://127.0.0.1:9"))
                .tokenProvider(TokenProvider.of("t")).maxRetries(0).connectTimeout(Duration.ofMillis(200)).build();
    }

    @Test
    void buildsNothingUntilTheFirstCallThenExactlyOneClientForConcurrentCallers() throws Exception {
        DeferredPayments payments = new DeferredPayments(this::build);
        assertThat(builds).hasValue(0);

        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(callers.submit(() -> assertThatThrownBy(
                    () -> payments.findByIdempotencyKey(IdempotencyKey.of("k")))
                    .isInstanceOf(PaymentUnavailableException.class)));
        }
        for (Future<?> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        callers.shutdown();
        payments.close();

        assertThat(builds).hasValue(1);
    }

    @Test
    void afterCloseNoClientIsBuilt() {
        DeferredPayments payments = new DeferredPayments(this::build);
        payments.close();

        assertThatThrownBy(() -> payments.findCharge("ch_1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shutting down");
        assertThat(builds).hasValue(0);
    }
}
