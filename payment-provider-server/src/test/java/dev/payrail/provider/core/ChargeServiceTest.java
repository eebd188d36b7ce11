package dev.payrail.provider.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's idempotency rules against a ledger whose writes the test completes by hand. */
class ChargeServiceTest {
    private static final ChargeRequest REQUEST = new ChargeRequest("17", "42", 1000, "EUR");
    private static final IdempotencyKey KEY = IdempotencyKey.of("key-1");

    private final ManualLedger ledger = new ManualLedger();
    private final ChargeService service = new ChargeService(ledger, new OutcomeDecider(1.0, 1),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), false, Duration.ofSeconds(5),
            charge -> "{\"id\":\"" + charge.id() + "\"}", new SimpleMeterRegistry());
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void secondRequestWhileFirstIsInFlightIsKeyInUse() throws Exception {
        Future<ChargeResponse> first = callers.submit(() -> service.create(KEY, REQUEST));
        NewCharge pending = ledger.awaitRecord();

        assertThatThrownBy(() -> service.create(KEY, REQUEST))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_USE));
        assertThatThrownBy(() -> service.findByIdempotencyKey(KEY))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_USE));

        ledger.complete(new RecordResult.Created(pending.response()));
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(service.findByIdempotencyKey(KEY)).isEmpty(); // no longer in flight: the ledger answers
    }

    @Test
    void keyReplayedOnceIsAnsweredFromMemoryAfterwards() throws Exception {
        Future<ChargeResponse> first = callers.submit(() -> service.create(KEY, REQUEST));
        StoredResponse stored = ledger.awaitRecord().response();
        ledger.complete(new RecordResult.Created(stored));
        first.get(5, TimeUnit.SECONDS);
        Future<ChargeResponse> firstReplay = callers.submit(() -> service.create(KEY, REQUEST));
        ledger.awaitRecord();
        ledger.complete(new RecordResult.KeyExists(stored));
        assertThat(firstReplay.get(5, TimeUnit.SECONDS)).isEqualTo(new ChargeResponse(201, stored.body(), true));

        ChargeResponse secondReplay = service.create(KEY, REQUEST);

        assertThat(secondReplay).isEqualTo(new ChargeResponse(201, stored.body(), true));
        assertThat(ledger.records).hasSize(2);
    }

    @Test
    void keyTakenOnAnotherReplicaReplaysItsResponseOrRefusesADifferentRequest() throws Exception {
        StoredResponse theirs = new StoredResponse(Digests.fingerprint(REQUEST), "ch_theirs", 201,
                "{\"id\":\"ch_theirs\"}", Instant.parse("2026-11-22T10:00:00Z"));
        Future<ChargeResponse> same = callers.submit(() -> service.create(KEY, REQUEST));
        ledger.awaitRecord();
        ledger.complete(new RecordResult.KeyExists(theirs));

        assertThat(same.get(5, TimeUnit.SECONDS)).isEqualTo(new ChargeResponse(201, theirs.body(), true));
        assertThatThrownBy(() -> service.create(KEY, new ChargeRequest("17", "42", 1001, "EUR")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void ledgerFailureIsUnavailableAndReleasesTheKey() throws Exception {
        Future<ChargeResponse> first = callers.submit(() -> service.create(KEY, REQUEST));
        ledger.awaitRecord();
        ledger.fail(new RejectedExecutionException("the ledger writer is saturated (20000 writes queued)"));

        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProblemException.class)
                .cause().satisfies(e -> {
                    assertThat(((ProblemException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(((ProblemException) e).retryAfterSeconds()).hasValue(1);
                    assertThat(e.getMessage()).contains("saturated");
                });
        assertThat(service.findByIdempotencyKey(KEY)).isEmpty();
    }

    @Test
    void customerRulesBecomeProblems() throws Exception {
        Future<ChargeResponse> mismatch = callers.submit(() -> service.create(KEY, REQUEST));
        ledger.awaitRecord();
        ledger.complete(new RecordResult.CurrencyMismatch("17", "USD"));

        assertThatThrownBy(() -> mismatch.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH);
                    assertThat(e.getMessage()).contains("USD").contains("EUR");
                });
    }

    @Test
    void asynchronousChargeHoldsNoThreadAndFailsWithTheProblemItselfNotAWrapper() throws Exception {
        CompletableFuture<ChargeResponse> mismatch = service.createAsync(KEY, REQUEST);
        assertThat(mismatch).isNotDone();

        ledger.awaitRecord();
        ledger.complete(new RecordResult.CurrencyMismatch("17", "USD"));

        // whenComplete sees what Jersey's exception mappers will see: the ProblemException, not a CompletionException
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        mismatch.whenComplete((response, failure) -> seen.complete(failure));
        assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH));
    }

    @Test
    void chargeTheLedgerDoesNotConfirmInTimeIsUnavailableButItsKeyStaysInFlight() throws Exception {
        ChargeService impatient = new ChargeService(ledger, new OutcomeDecider(1.0, 1), Clock.systemUTC(), false,
                Duration.ZERO, charge -> "{}", new SimpleMeterRegistry());
        CompletableFuture<ChargeResponse> slow = impatient.createAsync(KEY, REQUEST);
        NewCharge pending = ledger.awaitRecord();

        impatient.failOverdue();

        assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("within 0 ms")
                            .contains("GET /v1/charges?idempotencyKey=key-1");
                });
        // the write may still commit: until the ledger answers, the key is in flight, not free for a new charge
        assertThatThrownBy(() -> impatient.createAsync(KEY, REQUEST))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_USE));
        ledger.complete(new RecordResult.Created(pending.response()));
        assertThat(impatient.findByIdempotencyKey(KEY)).isEmpty();
    }

    @Test
    void chargeIdsSortByCreationTimeAndEndInSixtyFourRandomBits() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (String at : List.of("2026-11-21T10:00:00.001Z", "2026-11-21T10:00:00.002Z", "2027-01-01T00:00:00Z")) {
            ChargeService service = new ChargeService(ledger, new OutcomeDecider(1.0, 1),
                    Clock.fixed(Instant.parse(at), ZoneOffset.UTC), false, Duration.ofSeconds(5),
                    charge -> "{}", new SimpleMeterRegistry());
            service.createAsync(IdempotencyKey.of("key-" + at), REQUEST);
            ids.add(ledger.awaitRecord().charge().id());
            ledger.complete(new RecordResult.Created(ledger.records.get(ledger.records.size() - 1).response()));
        }

        assertThat(ids).isSorted().allMatch(id -> id.matches("ch_[0-9a-f]{28}"));
        assertThat(ids.get(0)).startsWith(String.format("ch_%012x",
                Instant.parse("2026-11-21T10:00:00.001Z").toEpochMilli()));
    }

    /** Records every write and lets the test decide when and how it completes. */
    private static final class ManualLedger implements ChargeLedger {
        final List<NewCharge> records = new CopyOnWriteArrayList<>();
        private volatile CompletableFuture<RecordResult> pending;

        NewCharge awaitRecord() throws InterruptedException {
            for (int i = 0; i < 500 && pending == null; i++) {
                Thread.sleep(10);
            }
            assertThat(pending).as("a write reached the ledger").isNotNull();
            return records.get(records.size() - 1);
        }

        void complete(RecordResult result) {
            CompletableFuture<RecordResult> future = pending;
            pending = null;
            future.complete(result);
        }

        void fail(Throwable failure) {
            CompletableFuture<RecordResult> future = pending;
            pending = null;
            future.completeExceptionally(failure);
        }

        @Override
        public CompletableFuture<RecordResult> record(NewCharge charge) {
            records.add(charge);
            CompletableFuture<RecordResult> future = new CompletableFuture<>();
            pending = future;
            return future;
        }

        @Override
        public CompletableFuture<Registration> register(Customer customer) {
            return CompletableFuture.completedFuture(new Registration.Created(customer));
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
