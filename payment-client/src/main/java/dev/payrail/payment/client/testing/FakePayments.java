package dev.payrail.payment.client.testing;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.CurrencyCode;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.CurrencyMismatchException;
import dev.payrail.payment.client.CustomerNotFoundException;
import dev.payrail.payment.client.IdempotencyConflictException;
import dev.payrail.payment.client.PaymentException;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.Payments;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory {@link Payments} for tests: programmable outcomes and faults, recorded calls, and the provider's
 * idempotency rules. Thread-safe.
 *
 * <pre>{@code
 * FakePayments payments = new FakePayments()
 *         .declineCustomer("17", "insufficient_funds")
 *         .failNextCharges(2, new PaymentUnavailableException(503, "unavailable", "down", "req_1", null));
 *
 * invoiceService.pay(invoice42);   // your code, talking to Payments
 *
 * assertThat(payments.chargeCalls()).hasSize(3);                       // two failures, then the decline
 * assertThat(payments.chargeCalls()).extracting(FakePayments.ChargeCall::key).containsOnly(IdempotencyKey.of("inv-42-1"));
 * }</pre>
 *
 * <p>Like the provider: a charge repeated with the same key and request answers the stored charge; the same key
 * with another request throws {@link IdempotencyConflictException}; a customer's currency is fixed by its
 * registration or first charge ({@link CurrencyMismatchException} otherwise); with
 * {@link #requireKnownCustomers()}, unregistered customers throw {@link CustomerNotFoundException}. Programmed
 * faults apply to {@link #charge} only, before anything is recorded as charged, unless made with
 * {@link #chargeThenFailNext(int)}.
 */
public final class FakePayments implements Payments {
    private final Clock clock;
    private final Map<IdempotencyKey, Stored> byKey = new HashMap<>();
    private final Map<String, Charge> byId = new LinkedHashMap<>();
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, String> declinedCustomers = new HashMap<>();
    private final Deque<PaymentException> faults = new ArrayDeque<>();
    private final List<ChargeCall> calls = new ArrayList<>();
    private String declineEveryCharge;
    private boolean requireKnownCustomers;
    private int chargeThenFail;
    private long sequence;

    /** A fake whose charges succeed, stamped by the system clock. */
    public FakePayments() {
        this(Clock.systemUTC());
    }

    /**
     * A fake whose charges succeed, stamped by {@code clock}.
     *
     * @param clock gives {@link Charge#createdAt()} and {@link Customer#createdAt()}
     */
    public FakePayments(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /**
     * Every charge is declined with {@code declineCode} from now on.
     *
     * @param declineCode for example {@code insufficient_funds}
     * @return this fake
     */
    public synchronized FakePayments declineEveryCharge(String declineCode) {
        this.declineEveryCharge = requireText(declineCode, "declineCode");
        return this;
    }

    /**
     * Charges of this customer are declined with {@code declineCode} from now on.
     *
     * @param customerId  the customer
     * @param declineCode for example {@code card_declined}
     * @return this fake
     */
    public synchronized FakePayments declineCustomer(String customerId, String declineCode) {
        declinedCustomers.put(requireText(customerId, "customerId"), requireText(declineCode, "declineCode"));
        return this;
    }

    /**
     * Charges succeed again (undoes the declines programmed so far).
     *
     * @return this fake
     */
    public synchronized FakePayments succeedEveryCharge() {
        declineEveryCharge = null;
        declinedCustomers.clear();
        return this;
    }

    /**
     * The next {@code times} charges throw {@code failure} without charging, then charges behave normally:
     * "fail N times then succeed". Faults queue up in the order they are programmed.
     *
     * @param times   how many charge calls fail, at least 1
     * @param failure any exception of the family, for example a {@link PaymentUnavailableException}
     * @return this fake
     */
    public synchronized FakePayments failNextCharges(int times, PaymentException failure) {
        Objects.requireNonNull(failure, "failure == null");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        for (int i = 0; i < times; i++) {
            faults.add(failure);
        }
        return this;
    }

    /**
     * The next {@code times} charges are made and stored, and then answer a {@link PaymentUnavailableException}
     * (status 0, code {@code timeout}) as if the response were lost: what {@link #findByIdempotencyKey} is for.
     *
     * @param times how many charge calls lose their answer, at least 1
     * @return this fake
     */
    public synchronized FakePayments chargeThenFailNext(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        chargeThenFail += times;
        return this;
    }

    /**
     * Only registered customers can be charged, like the provider with {@code REQUIRE_KNOWN_CUSTOMERS=true}.
     *
     * @return this fake
     */
    public synchronized FakePayments requireKnownCustomers() {
        requireKnownCustomers = true;
        return this;
    }

    /**
     * Every call to {@link #charge}, in order, including those that failed.
     *
     * @return a snapshot of the calls
     */
    public synchronized List<ChargeCall> chargeCalls() {
        return List.copyOf(calls);
    }

    /**
     * The charges made, in order, replays not repeated.
     *
     * @return a snapshot of the charges
     */
    public synchronized List<Charge> charges() {
        return List.copyOf(byId.values());
    }

    @Override
    public synchronized Charge charge(ChargeRequest request, IdempotencyKey key) {
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(key, "key == null");
        calls.add(new ChargeCall(request, key));
        PaymentException fault = faults.poll();
        if (fault != null) {
            throw fault;
        }
        Stored stored = byKey.get(key);
        if (stored != null) {
            if (!stored.request().equals(request)) {
                throw new IdempotencyConflictException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "idempotency key " + key + " was used with a different request", nextRequestId());
            }
            return loseAnswerIfProgrammed(stored.charge());
        }
        Customer customer = customers.get(request.customerId());
        if (customer == null && requireKnownCustomers) {
            throw new CustomerNotFoundException("customer " + request.customerId() + " is not registered",
                    nextRequestId());
        }
        if (customer != null && !customer.currency().equals(request.currency())) {
            throw new CurrencyMismatchException("customer " + request.customerId() + " is charged in "
                    + customer.currency() + ", not " + request.currency(), nextRequestId());
        }
        if (customer == null) {
            customers.put(request.customerId(), new Customer(request.customerId(), request.currency(), clock.instant()));
        }
        String declineCode = declinedCustomers.getOrDefault(request.customerId(), declineEveryCharge);
        Charge charge = new Charge("ch_fake_" + (++sequence),
                declineCode == null ? ChargeStatus.SUCCEEDED : ChargeStatus.DECLINED,
                request.customerId(), request.invoiceId(), request.amount(), request.currency(), declineCode,
                clock.instant());
        byKey.put(key, new Stored(request, charge));
        byId.put(charge.id(), charge);
        return loseAnswerIfProgrammed(charge);
    }

    @Override
    public synchronized Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
        Objects.requireNonNull(key, "key == null");
        return Optional.ofNullable(byKey.get(key)).map(Stored::charge);
    }

    @Override
    public synchronized Optional<Charge> findCharge(String chargeId) {
        return Optional.ofNullable(byId.get(requireText(chargeId, "chargeId")));
    }

    @Override
    public synchronized Customer registerCustomer(String customerId, String currency) {
        requireText(customerId, "customerId");
        CurrencyCode.requireValid("currency", currency);
        Customer existing = customers.get(customerId);
        if (existing != null) {
            if (!existing.currency().equals(currency)) {
                throw new CurrencyMismatchException("customer " + customerId + " is registered in "
                        + existing.currency() + ", not " + currency, nextRequestId());
            }
            return existing;
        }
        Customer customer = new Customer(customerId, currency, clock.instant());
        customers.put(customerId, customer);
        return customer;
    }

    @Override
    public synchronized Optional<Customer> findCustomer(String customerId) {
        return Optional.ofNullable(customers.get(requireText(customerId, "customerId")));
    }

    private Charge loseAnswerIfProgrammed(Charge charge) {
        if (chargeThenFail > 0) {
            chargeThenFail--;
            throw new PaymentUnavailableException(0, "timeout", "fake: charge made, answer lost", null, null);
        }
        return charge;
    }

    private String nextRequestId() {
        return "req_fake_" + (++sequence);
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " == null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    /**
     * One call to {@link FakePayments#charge}.
     *
     * @param request as passed
     * @param key     as passed
     */
    public record ChargeCall(ChargeRequest request, IdempotencyKey key) {
    }

    private record Stored(ChargeRequest request, Charge charge) {
    }
}
