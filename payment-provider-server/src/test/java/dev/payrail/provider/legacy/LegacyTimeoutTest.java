package dev.payrail.provider.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.provider.core.ChargeLedger;
import dev.payrail.provider.core.ChargeService;
import dev.payrail.provider.core.NewCharge;
import dev.payrail.provider.core.OutcomeDecider;
import dev.payrail.provider.core.RecordResult;
import dev.payrail.provider.core.Registration;
import dev.payrail.provider.core.StoredResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the legacy endpoints answer when the ledger does not confirm a charge in time: something to act on. */
class LegacyTimeoutTest {
    private final ChargeService service = new ChargeService(new UnconfirmedLedger(), new OutcomeDecider(1.0, 1),
            Clock.systemUTC(), false, Duration.ZERO, charge -> "{}", new SimpleMeterRegistry());
    private final LegacyResource legacy = new LegacyResource(service,
            new InferredCurrencies("EUR", new SimpleMeterRegistry()));

    @Test
    void unconfirmedPayTellsTheCallerToPayTheSameIdAgain() throws Exception {
        CompletionStage<Response> answer = legacy.pay(bytes("{\"id\":\"I7\",\"value\":12.15,\"currency\":\"EUR\"}"));
        service.failOverdue();

        Response response = answer.toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat((String) response.getEntity()).contains("within 0 ms").contains("pay the same id again")
                .doesNotContain("idempotencyKey");
    }

    @Test
    void unconfirmedChargeNamesNoKeyTheCallerNeverHadAndSaysWhatChargingAgainMeans() throws Exception {
        CompletionStage<Response> answer = legacy.charge(bytes("{\"currency\":{},\"customer_id\":1,\"value\":227.43}"));
        service.failOverdue();

        Response response = answer.toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat((String) response.getEntity()).contains("outcome of this charge is unknown")
                .contains("within 0 ms").contains("may charge twice").doesNotContain("legacy-charge:");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** A ledger whose writes never commit (a stalled disk or database). */
    private static final class UnconfirmedLedger implements ChargeLedger {
        @Override
        public CompletableFuture<RecordResult> record(NewCharge charge) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Registration> register(Customer customer) {
            return new CompletableFuture<>();
        }

        @Override
        public Optional<Charge> findCharge(String chargeId) {
            return Optional.empty();
        }

        @Override
        public Optional<Charge> findChargeByKey(IdempotencyKey key) {
            return Optional.empty();
        }

        @Override
        public Optional<StoredResponse> findResponse(IdempotencyKey key) {
            return Optional.empty();
        }

        @Override
        public Optional<Customer> findCustomer(String customerId) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<Integer> purgeExpiredKeys(Instant now) {
            return CompletableFuture.completedFuture(0);
        }
    }
}
