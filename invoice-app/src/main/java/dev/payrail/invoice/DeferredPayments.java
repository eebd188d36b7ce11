package dev.payrail.invoice;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.PaymentClient;
import dev.payrail.payment.client.Payments;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The payment client, built on first use instead of at start-up: building it loads Jersey's client and the Apache
 * connector (over a thousand classes, a good part of a second of one CPU), and readiness does not depend on it (the
 * provider's state is reported, never required). Building it on a background thread right after start-up was
 * tried: on a 1-CPU pod it only competed with the first readiness answer. The first payment call builds it (once;
 * concurrent first calls wait for that build); a build that fails fails that call with its cause and is retried by
 * the next.
 */
final class DeferredPayments implements Payments, AutoCloseable {
    private final Supplier<PaymentClient> build;
    private volatile PaymentClient client;
    private boolean closed;

    DeferredPayments(Supplier<PaymentClient> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    private PaymentClient client() {
        PaymentClient built = client;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (client == null && !closed) {
                client = build.get();
            }
            if (client == null) {
                throw new IllegalStateException("invoice-app is shutting down: no payment client");
            }
            return client;
        }
    }

    @Override
    public Charge charge(ChargeRequest request, IdempotencyKey key) {
        return client().charge(request, key);
    }

    @Override
    public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
        return client().findByIdempotencyKey(key);
    }

    @Override
    public Optional<Charge> findCharge(String chargeId) {
        return client().findCharge(chargeId);
    }

    @Override
    public Customer registerCustomer(String customerId, String currency) {
        return client().registerCustomer(customerId, currency);
    }

    @Override
    public Optional<Customer> findCustomer(String customerId) {
        return client().findCustomer(customerId);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
