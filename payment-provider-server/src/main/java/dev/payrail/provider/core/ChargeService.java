package dev.payrail.provider.core;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The provider's rules: idempotency, the customer's currency, the outcome of a new charge.
 *
 * <p>A key is "in flight" from the moment its first request passes the checks until the ledger answered for it;
 * a second request with that key meanwhile gets {@code idempotency_key_in_use}. Across replicas the ledger's unique
 * key decides: the loser of a race gets the winner's stored response.
 */
public final class ChargeService {
    /** How long idempotency keys are kept, at least. */
    public static final Duration KEY_RETENTION = Duration.ofHours(24);
    private static final int RETRY_AFTER_SECONDS = 1;

    private final ChargeLedger ledger;
    private final OutcomeDecider decider;
    private final Clock clock;
    private final boolean requireKnownCustomers;
    private final Duration writeTimeout;
    private final Function<Charge, String> renderer;
    private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final RecentResponses recent = new RecentResponses(50_000);
    private final ThreadLocal<SecureRandom> ids = ThreadLocal.withInitial(SecureRandom::new);
    private final Counter succeeded;
    private final Counter declined;
    private final Counter replays;

    /**
     * @param renderer turns a charge into the JSON body stored and sent for it
     */
    public ChargeService(ChargeLedger ledger, OutcomeDecider decider, Clock clock, boolean requireKnownCustomers,
            Duration writeTimeout, Function<Charge, String> renderer, MeterRegistry registry) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requireKnownCustomers = requireKnownCustomers;
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.succeeded = Counter.builder("payrail.charges").tag("status", "succeeded")
                .description("New charges recorded, by outcome").register(registry);
        this.declined = Counter.builder("payrail.charges").tag("status", "declined")
                .description("New charges recorded, by outcome").register(registry);
        this.replays = Counter.builder("payrail.idempotent.replays")
                .description("Requests answered with a stored response").register(registry);
    }

    /**
     * Charges once per key; repeats with the same request replay the stored response. Blocks until the ledger
     * answered (for callers that have a thread to spare: the legacy API and tests).
     */
    public ChargeResponse create(IdempotencyKey key, ChargeRequest request) {
        return await(createAsync(key, request), key);
    }

    /**
     * Charges once per key without holding the caller's thread while the ledger commits. Refusals known at once
     * ({@code idempotency_key_in_use}, a replay of a different request) are thrown; the rest arrives through the
     * future, which completes with the response or fails with a {@link ProblemException} itself (never wrapped),
     * at the latest when {@link #failOverdue} finds the ledger slower than the write timeout.
     */
    public CompletableFuture<ChargeResponse> createAsync(IdempotencyKey key, ChargeRequest request) {
        String requestHash = Digests.fingerprint(request);
        Instant now = clock.instant();
        StoredResponse cached = recent.get(key.value(), now);
        if (cached != null) {
            return CompletableFuture.completedFuture(replay(key, cached, requestHash));
        }
        InFlight flight = new InFlight(key, System.nanoTime() + writeTimeout.toNanos());
        if (inFlight.putIfAbsent(key.value(), flight) != null) {
            throw inUse(key);
        }
        NewCharge decided;
        CompletableFuture<RecordResult> pending;
        try {
            decided = decide(key, request, requestHash, now);
            pending = ledger.record(decided);
        } catch (RuntimeException e) {
            inFlight.remove(key.value(), flight);
            throw e;
        }
        pending.whenComplete((result, failure) -> {
            // Only keys seen again are kept in memory: a key that was replayed once tends to be replayed again (a
            // client retrying in a loop), while remembering every new charge would make each one survive young
            // collections, which is what the garbage collector's pauses were spent copying under load.
            if (result instanceof RecordResult.KeyExists existing) {
                recent.put(key.value(), existing.existing());
            }
            inFlight.remove(key.value(), flight);
            if (failure != null) {
                flight.answer.completeExceptionally(failure instanceof ProblemException problem ? problem
                        : ProblemException.unavailable("the ledger could not record the write: "
                                + failure.getMessage(), RETRY_AFTER_SECONDS, failure));
                return;
            }
            try {
                flight.answer.complete(answer(key, decided, requestHash, result));
            } catch (RuntimeException refused) {
                flight.answer.completeExceptionally(refused);
            }
        });
        return flight.answer;
    }

    /**
     * Fails the answers of charges the ledger has not confirmed within the write timeout (their keys stay in
     * flight until it does). The server calls this every second; one sweep replaces a timer per charge.
     */
    public void failOverdue() {
        long now = System.nanoTime();
        for (InFlight flight : inFlight.values()) {
            if (now - flight.deadlineNanos > 0 && !flight.answer.isDone()) {
                flight.answer.completeExceptionally(ProblemException.unavailable("the ledger did not confirm the"
                        + " write within " + writeTimeout.toMillis() + " ms" + lookUp(flight.key),
                        RETRY_AFTER_SECONDS, null));
            }
        }
    }

    private ChargeResponse answer(IdempotencyKey key, NewCharge decided, String requestHash, RecordResult result) {
        if (result instanceof RecordResult.Created created) {
            (decided.charge().succeeded() ? succeeded : declined).increment();
            return new ChargeResponse(created.response().status(), created.response().body(), false);
        }
        if (result instanceof RecordResult.KeyExists existing) {
            return replay(key, existing.existing(), requestHash);
        }
        if (result instanceof RecordResult.CustomerNotFound notFound) {
            throw ProblemException.of(ErrorCode.CUSTOMER_NOT_FOUND,
                    "customer " + notFound.customerId() + " is not registered (REQUIRE_KNOWN_CUSTOMERS is on)");
        }
        RecordResult.CurrencyMismatch mismatch = (RecordResult.CurrencyMismatch) result;
        throw ProblemException.of(ErrorCode.CURRENCY_MISMATCH, "customer " + mismatch.customerId()
                + " is charged in " + mismatch.customerCurrency() + ", not " + decided.charge().currency());
    }

    /** A key between its first request passing the checks and the ledger's answer. */
    private static final class InFlight {
        final IdempotencyKey key;
        final long deadlineNanos;
        final CompletableFuture<ChargeResponse> answer = new CompletableFuture<>();

        InFlight(IdempotencyKey key, long deadlineNanos) {
            this.key = key;
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** The charge made with this key; {@code idempotency_key_in_use} while its request is still being processed. */
    public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
        if (inFlight.containsKey(key.value())) {
            throw inUse(key);
        }
        return ledger.findChargeByKey(key);
    }

    public Optional<Charge> findCharge(String chargeId) {
        return ledger.findCharge(chargeId);
    }

    public Optional<Customer> findCustomer(String customerId) {
        return ledger.findCustomer(customerId);
    }

    /** Registers a customer and its currency; idempotent for the same currency. */
    public Registration register(String customerId, String currency) {
        Customer customer = new Customer(customerId, currency, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Registration registration = await(ledger.register(customer), null);
        if (registration instanceof Registration.CurrencyMismatch mismatch) {
            throw ProblemException.of(ErrorCode.CURRENCY_MISMATCH, "customer " + customerId + " is registered in "
                    + mismatch.existing().currency() + ", not " + currency);
        }
        return registration;
    }

    private NewCharge decide(IdempotencyKey key, ChargeRequest request, String requestHash, Instant now) {
        String declineCode = decider.declineCodeFor(key);
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        Charge charge = new Charge(newChargeId(createdAt),
                declineCode == null ? ChargeStatus.SUCCEEDED : ChargeStatus.DECLINED,
                request.customerId(), request.invoiceId(), request.amount(), request.currency(), declineCode,
                createdAt);
        Instant expiresAt = createdAt.plus(KEY_RETENTION);
        StoredResponse response = new StoredResponse(requestHash, charge.id(), 201, renderer.apply(charge), expiresAt);
        return new NewCharge(key, requestHash, charge, response, expiresAt, requireKnownCustomers);
    }

    private ChargeResponse replay(IdempotencyKey key, StoredResponse stored, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            throw ProblemException.of(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + key.value()
                    + " was already used for a different request (charge " + stored.chargeId() + ")");
        }
        replays.increment();
        return new ChargeResponse(stored.status(), stored.body(), true);
    }

    private static ProblemException inUse(IdempotencyKey key) {
        return ProblemException.of(ErrorCode.IDEMPOTENCY_KEY_IN_USE, "a request with Idempotency-Key "
                + key.value() + " is still being processed; retry shortly");
    }

    /**
     * {@code ch_}, the creation time in milliseconds (12 hex digits) and 64 random bits: ids that sort by time,
     * so the ledger's index of charge ids grows at its end instead of being written at a random page per charge
     * (with fully random ids, every commit rewrote one index page per charge, and the cost grew with the table).
     */
    private String newChargeId(Instant createdAt) {
        String time = Long.toHexString(createdAt.toEpochMilli());
        return "ch_" + "0".repeat(Math.max(0, 12 - time.length())) + time
                + HexFormat.of().toHexDigits(ids.get().nextLong());
    }

    private static String lookUp(IdempotencyKey key) {
        return "; its outcome is unknown: look it up with GET /v1/charges?idempotencyKey=" + key.value();
    }

    private <T> T await(CompletableFuture<T> future, IdempotencyKey key) {
        String lookup = key == null ? "" : lookUp(key);
        try {
            // A little longer than the write timeout: createAsync's own answer normally fails first, with its reason.
            return future.get(writeTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ProblemException.unavailable("the ledger did not confirm the write within "
                    + writeTimeout.toMillis() + " ms" + lookup, RETRY_AFTER_SECONDS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("interrupted while waiting for the ledger" + lookup,
                    RETRY_AFTER_SECONDS, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.unavailable("the ledger could not record the write: " + cause.getMessage(),
                    RETRY_AFTER_SECONDS, cause);
        }
    }
}
